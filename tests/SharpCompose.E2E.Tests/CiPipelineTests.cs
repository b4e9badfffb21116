using SharpCompose.E2E.Tests.Support;

namespace SharpCompose.E2E.Tests;

/// <summary>
/// Tutorial 001, a CI pipeline: examples/ci-pipeline. SharpCompose's --exit-code-from: the run ends when that
/// service exits, or when another attached container fails (non-zero); a one-shot that exits 0 (the build-only
/// <c>app</c>) does not end it.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class CiPipelineTests
{
    [Fact]
    public Task Check_script_passes() => CheckScript.RunAsync("ci-pipeline");

    [Fact]
    public async Task Passing_pipeline_exits_0_after_deploy_ran()
    {
        await using var s = Scenario.Start("ci-pipeline");
        var up = await s.Compose("up", "--build", "--exit-code-from", "deploy");
        s.Check(up.ExitCode == 0, "up --build --exit-code-from deploy exits 0 when the pipeline passes");
        s.Check(up.Output.Contains("Deploying image my-python-app:latest to staging.example.com", StringComparison.Ordinal), "deploy's output is shown");
        s.Check(up.Output.Contains("Deployment complete (Simulated)", StringComparison.Ordinal), "deploy ran to its end (app exiting 0 first did not end the run)");

        var deploy = (await s.Inspect("deploy")).GetProperty("State");
        s.Check(deploy.GetProperty("ExitCode").GetInt32() == 0 && deploy.GetProperty("Status").GetString() == "exited", "deploy's container exited 0");
        var app = (await s.Inspect("app")).GetProperty("State");
        s.Check(app.GetProperty("ExitCode").GetInt32() == 0, "the one-shot app exited 0");
        var appLogs = await s.Must("logs", "--no-color", "app");
        s.Check(appLogs.Output.Contains('5'), "app printed add(2, 3)");
    }

    [Fact]
    public async Task Failing_deploy_gives_its_exit_code()
    {
        await using var s = Scenario.Start("ci-pipeline");
        await File.WriteAllTextAsync(Path.Combine(s.Directory, "deploy-fails.yaml"), """
            services:
              deploy:
                command: ["sh", "-c", "echo 'Deploying... refused by the staging server'; exit 3"]
            """, Scenario.Token);
        s.Files.Add("deploy-fails.yaml");
        var up = await s.Compose("up", "--build", "--exit-code-from", "deploy");
        s.Check(up.ExitCode == 3, "up --exit-code-from deploy exits with deploy's exit code (3)");
        s.Check(up.Output.Contains("refused by the staging server", StringComparison.Ordinal), "deploy's output is shown");
    }

    [Fact]
    public async Task Failing_unit_test_shows_and_ends_the_run()
    {
        await using var s = Scenario.Start("ci-pipeline");
        // the tests run from the bind-mounted directory: a new failing test needs no rebuild
        await File.WriteAllTextAsync(Path.Combine(s.Directory, "test_broken.py"), """
            from app import add

            def test_broken():
                assert add(2, 2) == 5
            """, Scenario.Token);
        // a deploy slower than the tests, so that the failure, not deploy's exit, ends the run
        await File.WriteAllTextAsync(Path.Combine(s.Directory, "slow-deploy.yaml"), """
            services:
              deploy:
                command: ["sh", "-c", "echo 'deploy: waiting'; sleep 120; echo 'Deployment complete (Simulated)'"]
            """, Scenario.Token);
        s.Files.Add("slow-deploy.yaml");
        var up = await s.Compose("up", "--build", "--exit-code-from", "deploy");
        s.Check(up.ExitCode == 1, "a failing unit test ends up --exit-code-from deploy with its exit code (1)");
        s.Check(up.Output.Contains("FAILED test_broken.py::test_broken", StringComparison.Ordinal) || up.Output.Contains("1 failed", StringComparison.Ordinal), "the failing test shows in the output");
        s.Check(!up.Output.Contains("Deployment complete", StringComparison.Ordinal), "deploy did not complete");
        s.Check(up.Elapsed < TimeSpan.FromSeconds(100), "the run ended when the tests failed, not when deploy ended");
    }
}
