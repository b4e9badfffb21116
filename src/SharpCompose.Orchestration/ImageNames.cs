using SharpCompose.Model;

namespace SharpCompose.Orchestration;

/// <summary>The image a service runs: its <c>image:</c>, else <c>&lt;project&gt;-&lt;service&gt;</c> for a built one.</summary>
public static class ImageNames
{
    public static string? Of(Project project, ServiceSpec service) =>
        service.Image ?? (service.Build is not null ? $"{project.Name}-{service.Name}" : null);

    /// <summary>The service with its image name made explicit.</summary>
    public static ServiceSpec WithImage(Project project, ServiceSpec service) =>
        service.Image is null && Of(project, service) is { } image ? service with { Image = image } : service;
}
