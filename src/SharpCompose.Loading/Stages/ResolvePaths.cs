using SharpCompose.Loading.Yaml;

namespace SharpCompose.Loading.Stages;

/// <summary>Makes relative host paths absolute against a base directory and expands ~ (compose-go paths.ResolveRelativePaths).</summary>
public static class ResolvePaths
{
    public static void Apply(YMapping root, string baseDir, string? home)
    {
        if (root.Get("services") is YMapping services)
            foreach (var s in services.Entries)
                if (s.Value is YMapping svc) Service(svc, baseDir, home);
        foreach (var kind in new[] { "configs", "secrets" })
            if (root.Get(kind) is YMapping res)
                foreach (var r in res.Entries)
                    if (r.Value is YMapping rm && rm.GetEntry("file") is { Value: YScalar f } fe && !f.IsNull)
                        fe.Value = Str(f, UnixPath(f.GoText ?? "", baseDir, home));
        if (root.Get("include") is YSequence inc)
            foreach (var i in inc.Items)
                if (i is YMapping im)
                    foreach (var k in new[] { "path", "project_directory", "env_file" })
                        if (im.GetEntry(k) is { } e) e.Value = AbsAny(e.Value, baseDir, home);
        if (root.Get("volumes") is YMapping vols)
            foreach (var v in vols.Entries)
                if (v.Value is YMapping vm && vm.GetString("driver") == "local" && vm.Get("driver_opts") is YMapping opts
                    && opts.GetString("o") == "bind" && opts.GetEntry("device") is { Value: YScalar dev } de)
                    de.Value = Str(dev, UnixPath(dev.GoText ?? "", baseDir, home));
    }

    public static void Service(YMapping svc, string baseDir, string? home)
    {
        if (svc.Get("build") is YMapping build)
        {
            if (build.GetEntry("context") is { Value: YScalar c } ce && !c.IsNull) ce.Value = Str(c, Context(c.GoText ?? "", baseDir, home));
            if (build.Get("additional_contexts") is YMapping ac)
                foreach (var e in ac.Entries)
                    if (e.Value is YScalar a && !a.IsNull) e.Value = Str(a, Context(a.GoText ?? "", baseDir, home));
        }
        if (svc.Get("env_file") is YSequence ef)
            foreach (var e in ef.Items)
                if (e is YMapping em && em.GetEntry("path") is { Value: YScalar p } pe) pe.Value = Str(p, Abs(p.GoText ?? "", baseDir, home));
        if (svc.Get("extends") is YMapping ext && ext.GetEntry("file") is { Value: YScalar xf } xe && !xf.IsNull)
            xe.Value = Str(xf, Abs(xf.GoText ?? "", baseDir, home));
        if (svc.Get("develop") is YMapping dev && dev.Get("watch") is YSequence watch)
            foreach (var w in watch.Items)
                if (w is YMapping wm && wm.GetEntry("path") is { Value: YScalar wp } we) we.Value = Str(wp, Abs(wp.GoText ?? "", baseDir, home));
        if (svc.Get("volumes") is YSequence vols)
            foreach (var v in vols.Items)
                if (v is YMapping vm && vm.GetString("type") == "bind" && vm.GetEntry("source") is { Value: YScalar src } se)
                    se.Value = Str(src, UnixPath(src.GoText ?? "", baseDir, home));
    }

    private static YScalar Str(YScalar original, string value) => YScalar.Str(value, original.Span);

    private static YNode AbsAny(YNode n, string baseDir, string? home)
    {
        switch (n)
        {
            case YScalar s when !s.IsNull: return Str(s, Abs(s.GoText ?? "", baseDir, home));
            case YSequence q:
                for (var i = 0; i < q.Items.Count; i++) q.Items[i] = AbsAny(q.Items[i], baseDir, home);
                return q;
        }
        return n;
    }

    public static string ExpandUser(string p, string? home) =>
        p.StartsWith('~') && home is not null ? Join(home, p[1..]) : p;

    public static string Abs(string p, string baseDir, string? home)
    {
        p = ExpandUser(p, home);
        if (p.Length == 0 || p.StartsWith('/')) return p;
        return Join(baseDir, p);
    }

    private static string UnixPath(string p, string baseDir, string? home)
    {
        p = ExpandUser(p, home);
        if (p.StartsWith('/') || IsWindowsAbs(p)) return p;
        return Join(baseDir, p);
    }

    private static bool IsWindowsAbs(string p) =>
        p.StartsWith(@"\\", StringComparison.Ordinal) || (p.Length >= 3 && char.IsLetter(p[0]) && p[1] == ':' && p[2] is '\\' or '/');

    private static string Context(string v, string baseDir, string? home)
    {
        if (v.Contains("://", StringComparison.Ordinal)) return v;
        foreach (var prefix in (string[])["https://", "http://", "git://", "ssh://", "github.com/", "git@"])
            if (v.StartsWith(prefix, StringComparison.Ordinal)) return v;
        return Abs(v, baseDir, home);
    }

    /// <summary>filepath.Join: join then Clean.</summary>
    public static string Join(string a, string b)
    {
        if (b.Length == 0) return VolumeSpecParser.CleanPath(a);
        if (a.Length == 0) return VolumeSpecParser.CleanPath(b);
        return VolumeSpecParser.CleanPath(a + "/" + b);
    }
}
