using System.Text.RegularExpressions;
using SharpCompose.E2E.Tests.Support;

namespace SharpCompose.E2E.Tests;

/// <summary>Tutorial 002, Nginx + Flask + PostgreSQL: examples/nginx-flask-postgres.</summary>
[Collection(E2ECollection.Name)]
public sealed class NginxFlaskPostgresTests
{
    [Fact]
    public Task Check_script_passes() => CheckScript.RunAsync("nginx-flask-postgres");

    [Fact]
    public async Task Networks_env_file_volume_proxy_and_scale()
    {
        await using var s = Scenario.Start("nginx-flask-postgres");
        var port = s.Port("WEB_PORT");
        var url = $"http://127.0.0.1:{port}/";
        string[] psql = ["exec", "-T", "db", "psql", "-U", "flaskapp", "-d", "flaskapp", "-tAc"];

        // the tutorial's order: db, then the schema from a one-off container, then the rest
        await s.Must("up", "-d", "db");
        await s.WaitFor(60, "db accepts connections", "exec", "-T", "db", "pg_isready", "-U", "flaskapp", "-d", "flaskapp");
        await s.Must("run", "--rm", "flaskapp", "/bin/bash", "-c", "cd /opt/services/flaskapp/src && python -c  'import database; database.init_db()'");
        s.Check((await s.ContainerIds("flaskapp")).Count == 0, "run --rm left no container");
        await s.Must("up", "-d", "--build");

        // env_file: the credentials reach both db and flaskapp
        foreach (var service in new[] { "db", "flaskapp" })
        {
            var env = (await s.Inspect(service)).GetProperty("Config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()).ToList();
            s.Check(env.Contains("POSTGRES_USER=flaskapp") && env.Contains("POSTGRES_PASSWORD=flaskapp_secret") && env.Contains("POSTGRES_DB=flaskapp"), $"env_file's variables are in {service}'s environment");
        }

        // nginx proxies to flaskapp (its published port is the tutorial's 8080 unless WEB_PORT moves it)
        var page = await s.HttpGet(url, b => b.Contains("Hello, please sign up!", StringComparison.Ordinal));
        s.Check(page.Contains("hostname", StringComparison.Ordinal), "the page comes from flaskapp");

        // separate networks: nginx is on web_nw only, so db is not even a name for it; flaskapp sees both
        var nginxNetworks = (await s.Inspect("nginx")).GetProperty("NetworkSettings").GetProperty("Networks").EnumerateObject().Select(n => n.Name).ToList();
        s.Check(nginxNetworks.SequenceEqual([s.Project + "_web_nw"]), "nginx is attached to web_nw only: " + string.Join(", ", nginxNetworks));
        var resolve = await s.Compose("exec", "-T", "nginx", "getent", "hosts", "db");
        s.Check(resolve.ExitCode != 0, "nginx cannot resolve db");
        await s.Must("exec", "-T", "flaskapp", "getent", "hosts", "db");

        // the named volume keeps the schema and a row across down / up
        await s.Must([.. psql, "INSERT INTO signups (name, email) VALUES ('Ada', 'ada@example.com')"]);
        await s.Must("down");
        await s.Must("up", "-d");
        await s.WaitFor(60, "db accepts connections again", "exec", "-T", "db", "pg_isready", "-U", "flaskapp", "-d", "flaskapp");
        var rows = await s.Must([.. psql, "SELECT name || ' ' || email FROM signups"]);
        s.Check(rows.Output.Contains("Ada ada@example.com", StringComparison.Ordinal), "the schema created by run --rm and its row survived down / up");

        // two replicas, both answering through nginx
        await s.Must("up", "-d", "--scale", "flaskapp=2");
        s.Check((await s.ContainerIds("flaskapp")).Count == 2, "two flaskapp containers");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var end = DateTime.UtcNow.AddSeconds(90);
        while (seen.Count < 2)
        {
            s.Check(DateTime.UtcNow < end, "in 90s only these replicas answered through nginx: " + string.Join(", ", seen));
            var body = await s.HttpGet(url, b => b.Contains("hostname", StringComparison.Ordinal), seconds: 30);
            var m = Regex.Match(body, "<span id=\"hostname\">([^<]*)<");
            if (m.Success)
            {
                seen.Add(m.Groups[1].Value);
            }
        }

        s.Log("replicas that answered: " + string.Join(", ", seen));
    }
}
