using System.Globalization;
using SharpCompose.Model.Diagnostics;

namespace SharpCompose.Loading.Yaml;

/// <summary>A node of the loader's YAML tree; every node knows where it came from.</summary>
public abstract class YNode
{
    public SourceSpan Span { get; set; }
    /// <summary>Explicit tag (e.g. "!reset", "!override", "tag:yaml.org,2002:str"), or null.</summary>
    public string? Tag { get; set; }

    public abstract YNode DeepClone();
    public bool IsNull => this is YScalar { Kind: ScalarKind.Null };
}

public enum ScalarKind { String, Null, Bool, Int, Float }

public sealed class YScalar : YNode
{
    public YScalar(string value, bool plain, SourceSpan span, string? tag = null)
    {
        Value = value;
        Plain = plain;
        Span = span;
        Tag = tag;
        Kind = plain ? Resolve(value, tag) : tag is "tag:yaml.org,2002:int" or "!!int" ? ScalarKind.Int : ScalarKind.String;
    }

    public static YScalar Null(SourceSpan span) => new("null", true, span);
    public static YScalar Str(string value, SourceSpan span) => new(value, false, span);

    public string Value { get; private set; }
    public bool Plain { get; private set; }
    public ScalarKind Kind { get; private set; }

    public void SetString(string value)
    {
        Value = value;
        Plain = false;
        Kind = ScalarKind.String;
    }

    /// <summary>Sets a typed value (after an interpolation cast).</summary>
    public void SetTyped(string value, ScalarKind kind)
    {
        Value = value;
        Plain = true;
        Kind = kind;
    }

    public override YNode DeepClone() => new YScalar(Value, Plain, Span, Tag) { Kind = Kind };

    /// <summary>The value as Go's fmt.Sprint would print the decoded YAML value (null → null).</summary>
    public string? GoText => Kind switch
    {
        ScalarKind.Null => null,
        ScalarKind.String => Value,
        ScalarKind.Bool => BoolValue ? "true" : "false",
        ScalarKind.Int => TryInt(out var l) ? l.ToString(CultureInfo.InvariantCulture) : Value,
        ScalarKind.Float => GoFormat.Float(FloatValue),
        _ => Value,
    };

    public bool BoolValue => Value is "true" or "True" or "TRUE";

    public bool TryInt(out long value)
    {
        var s = Value.Replace("_", "", StringComparison.Ordinal);
        return GoFormat.TryParseGoInt(s, out value);
    }

    public double FloatValue
    {
        get
        {
            var s = Value.Replace("_", "", StringComparison.Ordinal);
            return s switch
            {
                ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" => double.PositiveInfinity,
                "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
                ".nan" or ".NaN" or ".NAN" => double.NaN,
                _ => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : TryInt(out var l) ? l : 0,
            };
        }
    }

    public static ScalarKind Resolve(string v, string? tag)
    {
        if (tag is "tag:yaml.org,2002:str" or "!!str") return ScalarKind.String;
        if (v.Length == 0) return ScalarKind.Null;
        switch (v)
        {
            case "~" or "null" or "Null" or "NULL": return ScalarKind.Null;
            case "true" or "True" or "TRUE" or "false" or "False" or "FALSE": return ScalarKind.Bool;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN": return ScalarKind.Float;
        }
        var c = v[0];
        if (c is not ((>= '0' and <= '9') or '-' or '+' or '.')) return ScalarKind.String;
        var plain = v.Replace("_", "", StringComparison.Ordinal);
        if (GoFormat.TryParseGoInt(plain, out _)) return ScalarKind.Int;
        if (GoFormat.IsYamlFloat(plain)) return ScalarKind.Float;
        return ScalarKind.String;
    }
}

public sealed class YSequence : YNode
{
    public YSequence(SourceSpan span, List<YNode>? items = null)
    {
        Span = span;
        Items = items ?? [];
    }

    public List<YNode> Items { get; }

    public override YNode DeepClone()
    {
        var items = new List<YNode>(Items.Count);
        foreach (var i in Items) items.Add(i.DeepClone());
        return new YSequence(Span, items) { Tag = Tag };
    }
}

public sealed class YEntry(YScalar key, YNode value)
{
    public YScalar Key { get; set; } = key;
    public string Name => Key.GoText ?? "null";
    public YNode Value { get; set; } = value;
}

/// <summary>A mapping with keys in source order and O(1) lookup.</summary>
public sealed class YMapping : YNode
{
    private Dictionary<string, int>? _index;

    public YMapping(SourceSpan span)
    {
        Span = span;
    }

    public List<YEntry> Entries { get; } = [];
    public int Count => Entries.Count;

    public override YNode DeepClone()
    {
        var m = new YMapping(Span) { Tag = Tag };
        foreach (var e in Entries) m.Entries.Add(new YEntry((YScalar)e.Key.DeepClone(), e.Value.DeepClone()));
        return m;
    }

    private Dictionary<string, int> Index
    {
        get
        {
            if (_index is null)
            {
                _index = new Dictionary<string, int>(Entries.Count, StringComparer.Ordinal);
                for (var i = 0; i < Entries.Count; i++) _index[Entries[i].Name] = i;
            }
            return _index;
        }
    }

    public YEntry? GetEntry(string key)
    {
        if (Entries.Count <= 8)
        {
            foreach (var e in Entries)
                if (e.Name == key) return e;
            return null;
        }
        return Index.TryGetValue(key, out var i) ? Entries[i] : null;
    }

    public YNode? Get(string key) => GetEntry(key)?.Value;

    public bool ContainsKey(string key) => GetEntry(key) is not null;

    public void Set(string key, YNode value, SourceSpan? keySpan = null)
    {
        var e = GetEntry(key);
        if (e is not null)
        {
            e.Value = value;
            return;
        }
        Add(new YScalar(key, false, keySpan ?? value.Span), value);
    }

    public void Add(YScalar key, YNode value)
    {
        Entries.Add(new YEntry(key, value));
        _index?.TryAdd(Entries[^1].Name, Entries.Count - 1);
    }

    public bool Remove(string key)
    {
        for (var i = 0; i < Entries.Count; i++)
        {
            if (Entries[i].Name == key)
            {
                Entries.RemoveAt(i);
                _index = null;
                return true;
            }
        }
        return false;
    }

    public void Clear()
    {
        Entries.Clear();
        _index = null;
    }

    public void InvalidateIndex() => _index = null;

    public string? GetString(string key) => (Get(key) as YScalar)?.GoText;
}
