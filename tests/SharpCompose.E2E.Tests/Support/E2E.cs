using System.Net;
using System.Net.Sockets;

namespace SharpCompose.E2E.Tests.Support;

/// <summary>
/// Where the repository and the SharpCompose binary are, and whether the machine can run the tutorials
/// (binary built, Docker Engine answering, stand-in images present). Not ready: a skip on a developer
/// machine, a failure in CI (CI=true).
/// </summary>
public static class E2E
{
    /// <summary>The stand-in images the five tutorials use (scripts/images makes them).</summary>
    private static readonly string[] Images =
    [
        "busybox:latest", "postgres:14", "postgres:15-alpine", "postgres:9.6.5", "postgres:10",
        "python:3.9-slim-buster", "python:3.6", "nginx:1.13.5", "alpine/git:latest",
    ];

    private static readonly Lazy<string?> NotReady = new(FindWhyNotReady);
    private static readonly HashSet<int> Given = [];

    /// <summary>The repository root: SHARPCOMPOSE_ROOT, or the first folder above the tests holding SharpCompose.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The binary under test: SHARPCOMPOSE_BIN, or artifacts/bin/sharpcompose.</summary>
    public static string Bin { get; } = Environment.GetEnvironmentVariable("SHARPCOMPOSE_BIN") is { Length: > 0 } bin
        ? Path.GetFullPath(bin)
        : Path.Combine(Root, "artifacts", "bin", "sharpcompose");

    public static string Example(string name) => Path.Combine(Root, "examples", name);

    /// <summary>Skips (fails in CI) unless the tutorials can run here.</summary>
    public static void RequireReady()
    {
        if (NotReady.Value is not { } why)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(why + " (CI=true: the end-to-end tests must run)");
        }

        Assert.Skip(why);
    }

    /// <summary>
    /// A TCP port that can be bound on every address right now, picked below Linux's ephemeral range
    /// (32768-60999) so that no outgoing connection takes it before the <c>up</c> that publishes it.
    /// </summary>
    public static int FreePort()
    {
        for (var i = 0; i < 100; i++)
        {
            var port = Random.Shared.Next(20000, 32000);
            lock (Given)
            {
                if (!Given.Add(port))
                {
                    continue;
                }
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Any, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("no free TCP port found in 20000-32000");
    }

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("SHARPCOMPOSE_ROOT") is { Length: > 0 } root)
        {
            return Path.GetFullPath(root);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SharpCompose.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (SharpCompose.slnx) above " + AppContext.BaseDirectory + "; set SHARPCOMPOSE_ROOT");
    }

    private static string? FindWhyNotReady()
    {
        if (!File.Exists(Bin))
        {
            return $"the SharpCompose binary {Bin} is missing: run scripts/build (or set SHARPCOMPOSE_BIN)";
        }

        CmdResult images;
        try
        {
            images = Cmd.RunAsync("docker", ["image", "inspect", "--format", "{{.Id}}", .. Images], timeout: TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return "the docker CLI cannot be run (" + e.Message + "): run scripts/engine-up";
        }

        if (images.ExitCode != 0)
        {
            return "the Docker Engine or the tutorials' stand-in images are not there (run scripts/engine-up and scripts/images):\n" + images.Output;
        }

        return null;
    }
}

/// <summary>All end-to-end tests run one after the other: they share host ports' neighbourhood, fixed container
/// names (django-postgres) and the my-python-app:latest tag (ci-pipeline).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class E2ECollection
{
    public const string Name = "end-to-end";
}
