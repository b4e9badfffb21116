namespace SharpCompose.Model;

/// <summary>An untyped, immutable value (x- extensions and the few rarely used structures kept as data).</summary>
public abstract record ComposeValue
{
    public static readonly ComposeValue Null = new ComposeNull();
}

public sealed record ComposeNull : ComposeValue;

public sealed record ComposeString(string Value) : ComposeValue;

public sealed record ComposeBool(bool Value) : ComposeValue;

/// <summary>A number kept as its canonical literal text (integer or float).</summary>
public sealed record ComposeNumber(string Literal) : ComposeValue;

public sealed record ComposeList(IReadOnlyList<ComposeValue> Items) : ComposeValue;

/// <summary>A mapping with its keys in source order.</summary>
public sealed record ComposeMap(IReadOnlyList<KeyValuePair<string, ComposeValue>> Entries) : ComposeValue
{
    public ComposeValue? this[string key]
    {
        get
        {
            foreach (var e in Entries)
                if (e.Key == key) return e.Value;
            return null;
        }
    }
}
