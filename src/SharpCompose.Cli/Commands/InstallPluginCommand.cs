using System.CommandLine;

namespace SharpCompose.Cli.Commands;

/// <summary>
/// <c>install-plugin [--standalone]</c>: links this executable as the Docker CLI plugin
/// (<c>$DOCKER_CONFIG/cli-plugins/docker-compose</c>, default <c>~/.docker/cli-plugins</c>), so that
/// <c>docker compose ...</c> runs SharpCompose; with <c>--standalone</c> also as <c>/usr/local/bin/docker-compose</c>.
/// A symbolic link, not a copy: the executable needs the files next to it. Idempotent.
/// </summary>
public static class InstallPluginCommand
{
    public static Command Create(CliApplication app)
    {
        var standalone = new Option<bool>("--standalone") { Description = "Also install as /usr/local/bin/docker-compose" };
        var standaloneDir = new Option<string?>("--standalone-dir") { Description = "Directory for the standalone docker-compose (default /usr/local/bin)", Hidden = true };
        var command = new Command("install-plugin", "Install SharpCompose as the Docker CLI plugin (docker compose)") { standalone, standaloneDir };
        HelpExamples.Examples(command,
            "sharpcompose install-plugin",
            "sharpcompose install-plugin --standalone",
            "DOCKER_CONFIG=/tmp/cfg sharpcompose install-plugin");
        command.SetAction(result =>
        {
            var self = Environment.ProcessPath;
            if (self is null || Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                throw new CommandFailedException("install-plugin needs the published executable (scripts/build makes artifacts/bin/sharpcompose), not 'dotnet sharpcompose.dll'");
            }

            self = ResolveLink(self);
            var home = app.Environment.GetValueOrDefault("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var config = app.Environment.GetValueOrDefault("DOCKER_CONFIG") is { Length: > 0 } dc ? dc : Path.Combine(home, ".docker");
            Install(app, self, Path.Combine(config, "cli-plugins", "docker-compose"), "Docker CLI plugin (docker compose)");
            if (result.GetValue(standalone))
            {
                Install(app, self, Path.Combine(result.GetValue(standaloneDir) ?? "/usr/local/bin", "docker-compose"), "standalone docker-compose");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Install(CliApplication app, string self, string target, string what)
    {
        var existing = new FileInfo(target);
        if (existing.LinkTarget is { } link && string.Equals(ResolveLink(target), self, StringComparison.Ordinal))
        {
            app.Console.WriteOutLine($"{what}: {target} -> {link} (already installed)");
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var replaced = existing.Exists || existing.LinkTarget is not null;
            if (replaced)
            {
                File.Delete(target);
            }

            File.CreateSymbolicLink(target, self);
            app.Console.WriteOutLine($"{what}: {target} -> {self}{(replaced ? " (replaced what was there)" : string.Empty)}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CommandFailedException($"cannot write {target}: permission denied (run with sudo, or install the plugin only)", inner: e);
        }
        catch (IOException e)
        {
            throw new CommandFailedException($"cannot write {target}: {e.Message}", inner: e);
        }
    }

    private static string ResolveLink(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        }
        catch (IOException)
        {
            return Path.GetFullPath(path);
        }
    }
}
