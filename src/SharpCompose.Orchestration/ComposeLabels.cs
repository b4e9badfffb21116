namespace SharpCompose.Orchestration;

/// <summary>Every com.docker.compose.* label, as Compose v2 sets them, in one place.</summary>
public static class ComposeLabels
{
    public const string Prefix = "com.docker.compose.";
    public const string Project = "com.docker.compose.project";
    public const string Service = "com.docker.compose.service";
    public const string ContainerNumber = "com.docker.compose.container-number";
    public const string OneOff = "com.docker.compose.oneoff";
    public const string ConfigHash = "com.docker.compose.config-hash";
    public const string ConfigFiles = "com.docker.compose.project.config_files";
    public const string WorkingDir = "com.docker.compose.project.working_dir";
    public const string EnvironmentFile = "com.docker.compose.project.environment_file";
    public const string DependsOn = "com.docker.compose.depends_on";
    public const string Image = "com.docker.compose.image";
    public const string Version = "com.docker.compose.version";
    public const string Network = "com.docker.compose.network";
    public const string Volume = "com.docker.compose.volume";
    public const string Slug = "com.docker.compose.slug";
    public const string Replace = "com.docker.compose.replace";

    /// <summary>The version written in <see cref="Version"/>: the Compose v2 release whose behaviour we follow.</summary>
    public const string CompatibleVersion = "2.26.1";

    public static string ProjectFilter(string project) => $"{Project}={project}";
}
