namespace SharpCompose.Model;

/// <summary>What a pull_policy asks for.</summary>
public enum PullPolicyKind
{
    /// <summary>missing / if_not_present (and no pull_policy): pull only when the image is not here.</summary>
    Missing,
    Always,
    Never,
    /// <summary>Build the image (services with a build section).</summary>
    Build,
    /// <summary>daily, weekly, every_&lt;interval&gt;: pull when the image is not here or was last pulled (tagged)
    /// longer ago than <see cref="ImagePullPolicy.Interval"/>.</summary>
    Refresh,
}

/// <summary>
/// A service's pull_policy, parsed (compose-go's <c>GetPullPolicy</c>): always, never, missing, if_not_present
/// (= missing), build, daily (24h), weekly (7 days), every_&lt;interval&gt; where the interval is one or more
/// "digits + unit" with the units w, d, h, m, s (every_12h, every_2d, every_1w30m; the compose-spec pattern
/// <c>every_([0-9]+[wdhms])+</c>, whole string).
/// </summary>
public readonly record struct ImagePullPolicy(PullPolicyKind Kind, TimeSpan Interval)
{
    public static ImagePullPolicy Missing { get; } = new(PullPolicyKind.Missing, TimeSpan.Zero);

    /// <summary>The accepted forms, for messages.</summary>
    public const string Forms = "\"always\", \"never\", \"if_not_present\", \"build\", \"missing\", \"daily\", \"weekly\", \"every_<interval>\"";

    /// <summary>Parses a pull_policy value (case-sensitive, as Compose). <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out ImagePullPolicy policy, out string? error)
    {
        error = null;
        policy = Missing;
        switch (text)
        {
            case "missing" or "if_not_present":
                return true;
            case "always":
                policy = new(PullPolicyKind.Always, TimeSpan.Zero);
                return true;
            case "never":
                policy = new(PullPolicyKind.Never, TimeSpan.Zero);
                return true;
            case "build":
                policy = new(PullPolicyKind.Build, TimeSpan.Zero);
                return true;
            case "daily":
                policy = new(PullPolicyKind.Refresh, TimeSpan.FromDays(1));
                return true;
            case "weekly":
                policy = new(PullPolicyKind.Refresh, TimeSpan.FromDays(7));
                return true;
        }

        if (text is not null && text.StartsWith("every_", StringComparison.Ordinal))
        {
            if (TryParseInterval(text.AsSpan("every_".Length), out var interval, out var problem))
            {
                policy = new(PullPolicyKind.Refresh, interval);
                return true;
            }

            error = $"invalid pull_policy \"{text}\": {problem}";
            return false;
        }

        error = $"must be one of the following: {Forms}";
        return false;
    }

    /// <summary>Like <see cref="TryParse"/>; a bad value throws <see cref="FormatException"/>.</summary>
    public static ImagePullPolicy Parse(string text) =>
        TryParse(text, out var policy, out var error) ? policy : throw new FormatException(error);

    /// <summary>
    /// For <see cref="PullPolicyKind.Refresh"/>: whether the image is due for a pull at <paramref name="now"/>, given
    /// when it was last pulled or tagged (null or the zero time when unknown: due, as Compose v2, which compares
    /// with the engine's zero <c>LastTagTime</c>). Due when strictly later than <paramref name="lastPulled"/> +
    /// <see cref="Interval"/> (Go's <c>time.Now().After(last.Add(d))</c>).
    /// </summary>
    public bool IsDue(DateTimeOffset? lastPulled, DateTimeOffset now)
    {
        if (lastPulled is not { } last || last.Year <= 1)
        {
            return true;
        }

        // An interval reaching past the calendar's end is never over.
        return Interval.Ticks <= DateTimeOffset.MaxValue.UtcTicks - last.UtcTicks && now > last + Interval;
    }

    private static bool TryParseInterval(ReadOnlySpan<char> s, out TimeSpan interval, out string? problem)
    {
        interval = TimeSpan.Zero;
        problem = "the interval must be digits followed by a unit (w, d, h, m or s), repeated: every_12h, every_2d, every_1w30m";
        if (s.IsEmpty)
        {
            return false;
        }

        var total = 0L;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start || i == s.Length)
            {
                return false;
            }

            var unit = s[i] switch
            {
                'w' => TimeSpan.TicksPerDay * 7,
                'd' => TimeSpan.TicksPerDay,
                'h' => TimeSpan.TicksPerHour,
                'm' => TimeSpan.TicksPerMinute,
                's' => TimeSpan.TicksPerSecond,
                _ => 0L,
            };
            if (unit == 0)
            {
                return false;
            }

            i++;
            if (!long.TryParse(s[start..(i - 1)], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
                || count > (TimeSpan.MaxValue.Ticks - total) / unit)
            {
                problem = "the interval is too long";
                return false;
            }

            total += count * unit;
        }

        interval = TimeSpan.FromTicks(total);
        problem = null;
        return true;
    }
}
