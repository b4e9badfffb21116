using System.Text;

namespace SharpCompose.Cli.Rendering;

/// <summary>Go tabwriter-style tables as Compose v2 prints them: columns padded with three spaces.</summary>
public static class Table
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = new int[headers.Count];
        foreach (var row in all)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                widths[i] = Math.Max(widths[i], i < row.Count ? row[i].Length : 0);
            }
        }

        var sb = new StringBuilder();
        foreach (var row in all)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                var cell = i < row.Count ? row[i] : string.Empty;
                if (i == headers.Count - 1)
                {
                    sb.Append(cell);
                }
                else
                {
                    sb.Append(cell.PadRight(widths[i] + 3));
                }
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }
}

/// <summary>go-units' HumanDuration, as docker and Compose print "Up 3 seconds" / "3 seconds ago".</summary>
public static class HumanTime
{
    public static string Duration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < 1)
        {
            return "Less than a second";
        }

        if (seconds == 1)
        {
            return "1 second";
        }

        if (seconds < 60)
        {
            return $"{seconds} seconds";
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes == 1)
        {
            return "About a minute";
        }

        if (minutes < 60)
        {
            return $"{minutes} minutes";
        }

        var hours = (long)Math.Round(d.TotalHours);
        if (hours == 1)
        {
            return "About an hour";
        }

        if (hours < 48)
        {
            return $"{hours} hours";
        }

        if (hours < 24 * 7 * 2)
        {
            return $"{hours / 24} days";
        }

        if (hours < 24 * 30 * 2)
        {
            return $"{hours / 24 / 7} weeks";
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24 / 30} months";
        }

        return $"{hours / 24 / 365} years";
    }
}
