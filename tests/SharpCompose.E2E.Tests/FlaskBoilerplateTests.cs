using SharpCompose.E2E.Tests.Support;

namespace SharpCompose.E2E.Tests;

/// <summary>Tutorial 004, the Flask boilerplate: examples/flask-boilerplate (version '2.1', ${POSTGRES_*} from .env).</summary>
[Collection(E2ECollection.Name)]
public sealed class FlaskBoilerplateTests
{
    [Fact]
    public Task Check_script_passes() => CheckScript.RunAsync("flask-boilerplate");

    [Fact]
    public async Task Env_interpolation_bind_mount_build_up_and_exec_recreate_db()
    {
        await using var s = Scenario.Start("flask-boilerplate");
        var web = s.Port("WEB_PORT");
        s.Port("PG_PORT");

        await s.Must("build");
        await s.Must("up", "-d");

        var postgres = await s.Inspect("postgres");
        var env = postgres.GetProperty("Config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()).ToList();
        s.Check(env.Contains("POSTGRES_USER=testusr") && env.Contains("POSTGRES_PASSWORD=password") && env.Contains("POSTGRES_DB=testdb"), "${POSTGRES_*} interpolated from .env");
        var dataDir = Path.Combine(s.Directory, "postgres-data", "postgres");
        var bind = postgres.GetProperty("Mounts").EnumerateArray().FirstOrDefault(m => m.GetProperty("Destination").GetString() == "/var/lib/postgresql/data");
        s.Check(bind.ValueKind != System.Text.Json.JsonValueKind.Undefined && bind.GetProperty("Type").GetString() == "bind" && bind.GetProperty("Source").GetString() == dataDir, "./postgres-data/postgres is bind-mounted");

        await s.HttpGet($"http://127.0.0.1:{web}/", b => b.Contains("Hello World", StringComparison.Ordinal));
        await s.WaitFor(60, "postgres accepts connections", "exec", "-T", "postgres", "pg_isready", "-U", "testusr", "-d", "testdb");
        var recreate = await s.Must("exec", "-T", "app", "python", "manage.py", "recreate_db");
        s.Check(recreate.Output.Contains("tables dropped and created", StringComparison.Ordinal), "recreate_db ran");
        var tables = await s.Must("exec", "-T", "postgres", "psql", "-U", "testusr", "-d", "testdb", "-tAc", "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'");
        s.Check(int.TryParse(tables.Output.Trim().Split('\n')[^1], out var n) && n > 0, "recreate_db created tables in testdb");
        s.Check(File.Exists(Path.Combine(dataDir, "PG_VERSION")), "the data lives in ./postgres-data/postgres");
    }
}
