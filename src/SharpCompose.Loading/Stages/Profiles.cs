using SharpCompose.Model;

namespace SharpCompose.Loading.Stages;

/// <summary>Profile activation and service selection (compose-go WithProfiles, WithServicesEnabled, WithSelectedServices).</summary>
public static class Profiles
{
    /// <summary>Services named on the command line are enabled (with their dependencies) even when their profile is off.</summary>
    public static Project EnableServices(Project project, IReadOnlyList<string> names, DiagnosticBag bag)
    {
        if (names.Count == 0) return project;
        var enabled = new SortedDictionary<string, ServiceSpec>(project.Services.ToDictionary(), StringComparer.Ordinal);
        var disabled = new SortedDictionary<string, ServiceSpec>(project.DisabledServices.ToDictionary(), StringComparer.Ordinal);
        var queue = new Queue<string>(names);
        var explicitNames = new HashSet<string>(names, StringComparer.Ordinal);
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            if (enabled.ContainsKey(name)) continue;
            if (disabled.Remove(name, out var s))
            {
                enabled[name] = s;
                foreach (var (d, cfg) in s.DependsOn)
                    if (cfg.Required) queue.Enqueue(d);
                continue;
            }
            if (explicitNames.Contains(name))
                bag.Error(Model.Diagnostics.SourceSpan.None, "", $"no such service: {name}", "no-such-service");
        }
        return project with { Services = enabled, DisabledServices = disabled };
    }

    /// <summary>Services without profiles, or with an active one ("*" = all), are enabled; the others are kept aside.</summary>
    public static Project Apply(Project project, IReadOnlyList<string> profiles, DiagnosticBag bag)
    {
        var enabled = new SortedDictionary<string, ServiceSpec>(StringComparer.Ordinal);
        var disabled = new SortedDictionary<string, ServiceSpec>(StringComparer.Ordinal);
        var all = profiles.Contains("*");
        foreach (var (name, s) in project.Services)
        {
            if (all || s.Profiles.Count == 0 || s.Profiles.Any(profiles.Contains)) enabled[name] = s;
            else disabled[name] = s;
        }
        _ = bag;
        return project with { Services = enabled, DisabledServices = disabled, Profiles = profiles.ToList() };
    }

    /// <summary>Drops networks, volumes, secrets and configs no enabled service uses.</summary>
    public static Project WithoutUnnecessaryResources(Project p)
    {
        var nets = new HashSet<string>(StringComparer.Ordinal);
        var vols = new HashSet<string>(StringComparer.Ordinal);
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        var configs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in p.Services.Values)
        {
            foreach (var n in s.Networks.Keys) nets.Add(n);
            foreach (var v in s.Volumes)
                if (v.Type == MountType.Volume && !string.IsNullOrEmpty(v.Source)) vols.Add(v.Source);
            foreach (var x in s.Secrets) secrets.Add(x.Source);
            if (s.Build is not null)
                foreach (var x in s.Build.Secrets) secrets.Add(x.Source);
            foreach (var x in s.Configs) configs.Add(x.Source);
        }
        return p with
        {
            Networks = Filter(p.Networks, nets),
            Volumes = Filter(p.Volumes, vols),
            Secrets = Filter(p.Secrets, secrets),
            Configs = Filter(p.Configs, configs),
        };
    }

    private static SortedDictionary<string, T> Filter<T>(IReadOnlyDictionary<string, T> all, HashSet<string> keep)
    {
        var r = new SortedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var (k, v) in all)
            if (keep.Contains(k)) r[k] = v;
        return r;
    }

    /// <summary>Keeps only the named services and their dependencies.</summary>
    public static Project WithSelectedServices(Project p, IReadOnlyList<string> names)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(names);
        while (queue.Count > 0)
        {
            var n = queue.Dequeue();
            if (!keep.Add(n)) continue;
            if (p.Services.TryGetValue(n, out var s))
                foreach (var d in s.DependsOn.Keys) queue.Enqueue(d);
        }
        var services = new SortedDictionary<string, ServiceSpec>(StringComparer.Ordinal);
        var disabled = new SortedDictionary<string, ServiceSpec>(p.DisabledServices.ToDictionary(), StringComparer.Ordinal);
        foreach (var (k, v) in p.Services)
        {
            if (keep.Contains(k)) services[k] = v;
            else disabled[k] = v;
        }
        return p with { Services = services, DisabledServices = disabled };
    }
}
