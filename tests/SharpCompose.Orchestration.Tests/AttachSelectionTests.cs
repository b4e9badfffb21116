using SharpCompose.Model;
using SharpCompose.Orchestration.Verbs;

namespace SharpCompose.Orchestration.Tests;

public class AttachSelectionTests
{
    // web -> app -> db; tools is detached by its file (attach: false).
    private static readonly Project Demo = new()
    {
        Name = "demo",
        WorkingDirectory = "/w",
        Services = new[]
        {
            new ServiceSpec { Name = "db" },
            new ServiceSpec { Name = "app", DependsOn = new Dictionary<string, ServiceDependency> { ["db"] = new() } },
            new ServiceSpec { Name = "web", DependsOn = new Dictionary<string, ServiceDependency> { ["app"] = new() } },
            new ServiceSpec { Name = "tools", Attach = false },
        }.ToDictionary(s => s.Name),
    };

    private static string Select(string[] services, string[]? attach = null, string[]? noAttach = null, bool dependencies = false)
    {
        var selection = AttachSelection.Resolve(Demo, services, attach ?? [], noAttach ?? [], dependencies);
        return $"attach {string.Join(",", selection.Attached.Order(StringComparer.Ordinal))}; wait {string.Join(",", selection.Required.Order(StringComparer.Ordinal))}";
    }

    [Fact]
    public void Named_services_are_attached_without_their_dependencies_unless_asked()
    {
        Assert.Equal("attach web; wait web", Select(["web"]));
        Assert.Equal("attach app,db,web; wait web", Select(["web"], dependencies: true));
        Assert.Equal("attach app,db; wait app", Select(["app"], dependencies: true));
    }

    [Fact]
    public void Without_names_every_service_is_attached_but_those_the_file_or_no_attach_detach()
    {
        Assert.Equal("attach app,db,web; wait app,db,web", Select([]));
        Assert.Equal("attach app,web; wait app,web", Select([], noAttach: ["db"]));
        Assert.Equal("attach app,db; wait web", Select(["web"], noAttach: ["web"], dependencies: true));
        Assert.Equal("attach tools; wait tools", Select(["tools"], attach: ["tools"]));
    }

    [Fact]
    public void Attach_names_the_services_shown_while_the_named_ones_are_still_waited_for()
    {
        Assert.Equal("attach db; wait web", Select(["web"], attach: ["db"]));
        Assert.Equal("attach db; wait db", Select([], attach: ["db"]));
    }

    [Fact]
    public void Attach_must_name_services_of_the_up_and_excludes_attach_dependencies()
    {
        Assert.Equal("cannot attach to services not included in up: nope, tools",
            Assert.Throws<OrchestrationException>(() => Select(["web"], attach: ["tools", "nope", "db"])).Message);
        Assert.Equal("cannot combine --attach and --attach-dependencies",
            Assert.Throws<OrchestrationException>(() => Select(["web"], attach: ["db"], dependencies: true)).Message);
    }
}
