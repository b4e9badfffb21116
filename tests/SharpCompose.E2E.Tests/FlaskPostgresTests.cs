using System.Text.Json;
using System.Text.RegularExpressions;
using SharpCompose.E2E.Tests.Support;

namespace SharpCompose.E2E.Tests;

/// <summary>Tutorial 000, Flask + PostgreSQL: examples/flask-postgres.</summary>
[Collection(E2ECollection.Name)]
public sealed class FlaskPostgresTests
{
    [Fact]
    public Task Check_script_passes() => CheckScript.RunAsync("flask-postgres");

    [Fact]
    public async Task Web_waits_for_healthy_db_answers_with_the_version_and_data_survives_down_up()
    {
        await using var s = Scenario.Start("flask-postgres");
        var web = s.Port("WEB_PORT");
        s.Port("PG_PORT");

        await s.Must("up", "--build", "-d", "--wait");

        // web (depends_on db: service_healthy) was started only after a passing health check of db, and never restarted
        var db = await s.Inspect("db");
        var webState = (await s.Inspect("web")).GetProperty("State");
        var firstHealthy = db.GetProperty("State").GetProperty("Health").GetProperty("Log").EnumerateArray()
            .Where(e => e.GetProperty("ExitCode").GetInt32() == 0)
            .Select(e => e.GetProperty("End").GetDateTimeOffset())
            .DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        var webStarted = webState.GetProperty("StartedAt").GetDateTimeOffset();
        s.Log($"db first healthy at {firstHealthy:O}, web started at {webStarted:O}");
        s.Check(db.GetProperty("State").GetProperty("Health").GetProperty("Status").GetString() == "healthy", "db is healthy after up --wait");
        s.Check(firstHealthy <= webStarted, $"web started ({webStarted:O}) before db was healthy ({firstHealthy:O})");
        s.Check((await s.Inspect("web")).GetProperty("RestartCount").GetInt32() == 0, "web never restarted");

        var body = await s.HttpGet($"http://127.0.0.1:{web}/", b => b.Contains("PostgreSQL version", StringComparison.Ordinal));
        s.Check(Regex.IsMatch(body, @"^Hello, World! PostgreSQL version: PostgreSQL \d+"), "GET / answers with the PostgreSQL version");

        await s.Must("exec", "-T", "db", "psql", "-U", "myuser", "-d", "mydatabase", "-v", "ON_ERROR_STOP=1", "-c",
            "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('written before down');");
        await s.Must("down");
        s.Check((await s.ContainerIds("db")).Count == 0, "down removed the containers");
        await s.Must("up", "-d", "--wait");
        var read = await s.Must("exec", "-T", "db", "psql", "-U", "myuser", "-d", "mydatabase", "-tAc", "SELECT v FROM kept");
        s.Check(read.Output.Contains("written before down", StringComparison.Ordinal), "the row written before down is read back after up");
        await s.HttpGet($"http://127.0.0.1:{web}/", b => b.Contains("PostgreSQL version", StringComparison.Ordinal), what: "after down/up");
    }
}
