using System.Text.RegularExpressions;
using SharpCompose.E2E.Tests.Support;

namespace SharpCompose.E2E.Tests;

/// <summary>Tutorial 003, Django + PostgreSQL: examples/django-postgres (fixed container names: lms_postgres, lms_django).</summary>
[Collection(E2ECollection.Name)]
public sealed class DjangoPostgresTests
{
    [Fact]
    public async Task Check_script_passes()
    {
        // container_name lms_postgres / lms_django: one run at a time on this machine, whichever worktree runs it
        using var exclusive = await MachineLock.AcquireAsync("django-postgres", TimeSpan.FromMinutes(10));
        await CheckScript.RunAsync("django-postgres");
    }

    [Theory]
    [InlineData("config")]
    [InlineData("up", "-d")]
    public async Task File_as_printed_gets_one_located_error(params string[] command)
    {
        await using var s = Scenario.Start("django-postgres");
        s.Files[0] = "compose.as-printed.yaml";
        var r = await s.Compose(command);
        s.Check(r.ExitCode == 15, "the file as printed is refused with exit code 15 (invalid file)");
        var lines = r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        s.Check(lines.Length == 1, "exactly one line of error");
        s.Check(Regex.IsMatch(lines[0], @"compose\.as-printed\.yaml:2:\d+: "), "the line says file:line:column, line 2 (`version = '3.8'` then `services:`)");
        s.Check(!r.Output.Contains("Exception", StringComparison.Ordinal) && !Regex.IsMatch(r.Output, @"^\s+at ", RegexOptions.Multiline), "no stack trace");
        s.Check((await s.ContainerIds("db")).Count == 0, "nothing was created");
    }
}
