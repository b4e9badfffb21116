using System.Text.Json;
using System.Text.RegularExpressions;
using SharpCompose.Loading.Yaml;
using SharpCompose.Model;

namespace SharpCompose.Loading.Stages;

/// <summary>
/// Validates the merged tree against the compose-spec JSON schema (the one Compose v2 embeds), reporting
/// every violation with its position; unknown keys get a "did you mean" suggestion. The schema is compiled
/// once into <see cref="SchemaNode"/>s (dictionary lookups, no JSON walking while validating).
/// </summary>
public static class SchemaValidator
{
    private sealed class SchemaNode
    {
        public string? Ref;
        public SchemaNode? Target;
        public string[]? Types;
        public Dictionary<string, SchemaNode>? Properties;
        public List<(string Pattern, SchemaNode Node)>? PatternProperties;
        public bool HasAdditional;
        public bool AdditionalFalse;
        public SchemaNode? Additional;
        public List<SchemaNode>? OneOf;
        public SchemaNode? Items;
        public string[]? Required;
        public List<EnumValue>? Enum;
        public double? Minimum;
        public double? Maximum;
        public bool UniqueItems;
        public string? Format;

        public SchemaNode Resolved => Target ?? this;
    }

    /// <summary>An enum member of the schema (kept as plain values: no JsonElement once compiled).</summary>
    private readonly record struct EnumValue(JsonValueKind Kind, string? Text, double Number, string Raw);

    private static readonly Lazy<SchemaNode> Root = new(Compile);
    private static readonly Dictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    private static SchemaNode Compile()
    {
        using var s = typeof(SchemaValidator).Assembly.GetManifestResourceStream("compose-spec.json")!;
        using var doc = JsonDocument.Parse(s);
        var defs = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        var refs = new List<SchemaNode>();
        var root = Build(doc.RootElement, refs);
        if (doc.RootElement.TryGetProperty("definitions", out var d))
            foreach (var p in d.EnumerateObject()) defs["#/definitions/" + p.Name] = Build(p.Value, refs);
        foreach (var r in refs) r.Target = defs.TryGetValue(r.Ref!, out var t) ? t : null;
        return root;
    }

    private static SchemaNode Build(JsonElement e, List<SchemaNode> refs)
    {
        var n = new SchemaNode();
        if (e.ValueKind != JsonValueKind.Object) return n;
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "$ref": n.Ref = p.Value.GetString(); refs.Add(n); break;
                case "type":
                    n.Types = p.Value.ValueKind == JsonValueKind.Array ? Strings(p.Value) : [p.Value.GetString()!];
                    break;
                case "properties":
                    n.Properties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
                    foreach (var q in p.Value.EnumerateObject()) n.Properties[q.Name] = Build(q.Value, refs);
                    break;
                case "patternProperties":
                    n.PatternProperties = [];
                    foreach (var q in p.Value.EnumerateObject()) n.PatternProperties.Add((q.Name, Build(q.Value, refs)));
                    break;
                case "additionalProperties":
                    n.HasAdditional = true;
                    if (p.Value.ValueKind == JsonValueKind.False) n.AdditionalFalse = true;
                    else if (p.Value.ValueKind == JsonValueKind.Object) n.Additional = Build(p.Value, refs);
                    break;
                case "oneOf":
                    n.OneOf = [];
                    foreach (var x in p.Value.EnumerateArray()) n.OneOf.Add(Build(x, refs));
                    break;
                case "items": n.Items = Build(p.Value, refs); break;
                case "required": n.Required = Strings(p.Value); break;
                case "enum":
                    n.Enum = [];
                    foreach (var x in p.Value.EnumerateArray())
                        n.Enum.Add(new EnumValue(x.ValueKind, x.ValueKind == JsonValueKind.String ? x.GetString() : null,
                            x.ValueKind == JsonValueKind.Number ? x.GetDouble() : 0, x.GetRawText()));
                    break;
                case "minimum": n.Minimum = p.Value.GetDouble(); break;
                case "maximum": n.Maximum = p.Value.GetDouble(); break;
                case "uniqueItems": n.UniqueItems = p.Value.ValueKind == JsonValueKind.True; break;
                case "format": n.Format = p.Value.GetString(); break;
            }
        }
        return n;
    }

    public static void Validate(YMapping dict, DiagnosticBag bag) => Check(dict, Root.Value, "", bag);

    private static bool Check(YNode node, SchemaNode schema, string path, DiagnosticBag? bag)
    {
        if (schema.Ref is not null)
            return schema.Target is null || Check(node, schema.Target, path, bag);
        if (schema.Types is { } types && !TypeMatches(node, types))
        {
            bag?.Error(node.Span, path, $"must be {Article(types)}");
            return false;
        }
        var ok = true;
        if (schema.OneOf is { } oneOf)
        {
            var matches = 0;
            foreach (var alt in oneOf)
                if (Check(node, alt, path, null)) matches++;
            if (matches == 0)
            {
                if (bag is not null)
                {
                    var typed = oneOf.FirstOrDefault(a => a.Resolved.Types is { } t && TypeMatches(node, t));
                    if (typed is not null) Check(node, typed, path, bag);
                    else bag.Error(node.Span, path, $"must be {string.Join(" or ", oneOf.Select(a => a.Resolved.Types is { } t ? Article(t) : "valid").Distinct())}");
                }
                return false;
            }
        }
        if (schema.Enum is { } en && node is YScalar es)
        {
            if (!en.Any(v => ScalarEquals(es, v)))
            {
                bag?.Error(node.Span, path, $"must be one of the following: {string.Join(", ", en.Select(v => v.Kind == JsonValueKind.String ? $"\"{v.Text}\"" : v.Raw))}");
                return false;
            }
        }
        if (node is YScalar num && num.Kind is ScalarKind.Int or ScalarKind.Float)
        {
            if (schema.Minimum is { } min && num.FloatValue < min)
            {
                bag?.Error(node.Span, path, $"must be greater than or equal to {min}");
                ok = false;
            }
            if (schema.Maximum is { } max && num.FloatValue > max)
            {
                bag?.Error(node.Span, path, $"must be less than or equal to {max}");
                ok = false;
            }
        }
        if (schema.Format == "duration" && node is YScalar { Kind: ScalarKind.String } fs && !GoValues.TryParseDuration(fs.Value, out _))
        {
            bag?.Error(node.Span, path, $"invalid duration \"{fs.Value}\"");
            ok = false;
        }
        // Not the enum Compose v2.26 embeds: also daily, weekly and every_<interval> (compose-spec's later pattern, anchored).
        if (schema.Format == "pull_policy" && node is YScalar { Kind: ScalarKind.String } pp && !ImagePullPolicy.TryParse(pp.Value, out _, out var why))
        {
            bag?.Error(node.Span, path, why!);
            ok = false;
        }
        switch (node)
        {
            case YMapping m:
                ok &= CheckMapping(m, schema, path, bag);
                break;
            case YSequence q:
                if (schema.Items is { } items)
                    for (var i = 0; i < q.Items.Count; i++)
                        ok &= Check(q.Items[i], items, bag is null ? path : $"{path}[{i}]", bag);
                if (schema.UniqueItems && q.Items.Count > 1)
                {
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    for (var i = 0; i < q.Items.Count; i++)
                    {
                        if (q.Items[i] is not YScalar si) continue;
                        if (!seen.Add(si.Kind + ":" + si.GoText))
                        {
                            bag?.Error(q.Items[i].Span, $"{path}[{i}]", $"duplicate item \"{si.GoText}\": items must be unique");
                            ok = false;
                        }
                    }
                }
                break;
        }
        return ok;
    }

    private static bool CheckMapping(YMapping m, SchemaNode schema, string path, DiagnosticBag? bag)
    {
        var ok = true;
        foreach (var e in m.Entries)
        {
            var key = e.Name;
            var child = bag is null ? path : path.Length == 0 ? key : path + "." + key;
            var matched = false;
            if (schema.Properties is { } props && props.TryGetValue(key, out var ps))
            {
                matched = true;
                ok &= Check(e.Value, ps, child, bag);
            }
            if (schema.PatternProperties is { } patterns)
            {
                foreach (var (pattern, pnode) in patterns)
                {
                    if (!PatternMatch(pattern, key)) continue;
                    matched = true;
                    ok &= Check(e.Value, pnode, child, bag);
                }
            }
            if (matched || !schema.HasAdditional) continue;
            if (schema.AdditionalFalse)
            {
                bag?.Error(e.Key.Span, path, $"additional property {key} is not allowed{Consistency.Suggest(key, schema.Properties?.Keys ?? Enumerable.Empty<string>())}", "unknown-key");
                ok = false;
            }
            else if (schema.Additional is { } add)
                ok &= Check(e.Value, add, child, bag);
        }
        if (schema.Required is { } req)
            foreach (var r in req)
                if (!m.ContainsKey(r))
                {
                    bag?.Error(m.Span, path, $"{r} is required");
                    ok = false;
                }
        return ok;
    }

    private static bool PatternMatch(string pattern, string key)
    {
        switch (pattern)
        {
            case "^x-": return key.StartsWith("x-", StringComparison.Ordinal);
            case "^[a-zA-Z0-9._-]+$":
                if (key.Length == 0) return false;
                foreach (var c in key)
                    if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')) return false;
                return true;
            case "^.+$": return key.Length > 0;
        }
        Regex? rx;
        lock (Patterns)
        {
            if (!Patterns.TryGetValue(pattern, out rx)) Patterns[pattern] = rx = new Regex(pattern, RegexOptions.CultureInvariant);
        }
        return rx.IsMatch(key);
    }

    private static bool TypeMatches(YNode node, string[] types)
    {
        foreach (var t in types)
            if (TypeMatches(node, t)) return true;
        return false;
    }

    private static bool TypeMatches(YNode node, string type) => type switch
    {
        "object" => node is YMapping,
        "array" => node is YSequence,
        "string" => node is YScalar { Kind: ScalarKind.String },
        "number" => node is YScalar { Kind: ScalarKind.Int or ScalarKind.Float },
        "integer" => node is YScalar { Kind: ScalarKind.Int } || (node is YScalar { Kind: ScalarKind.Float } f && Math.Floor(f.FloatValue) == f.FloatValue && !double.IsInfinity(f.FloatValue)),
        "boolean" => node is YScalar { Kind: ScalarKind.Bool },
        "null" => node is YScalar { Kind: ScalarKind.Null },
        _ => true,
    };

    private static string Article(string[] types) => string.Join(" or ", types.Select(t => t switch
    {
        "object" => "a mapping",
        "array" => "a list",
        "string" => "a string",
        "number" => "a number",
        "integer" => "an integer",
        "boolean" => "a boolean",
        "null" => "null",
        _ => t,
    }));

    private static string[] Strings(JsonElement array)
    {
        var result = new string[array.GetArrayLength()];
        var i = 0;
        foreach (var x in array.EnumerateArray()) result[i++] = x.GetString()!;
        return result;
    }

    private static bool ScalarEquals(YScalar s, EnumValue v) => v.Kind switch
    {
        JsonValueKind.String => s.Kind == ScalarKind.String && s.Value == v.Text,
        JsonValueKind.Number => s.Kind is ScalarKind.Int or ScalarKind.Float && s.FloatValue == v.Number,
        JsonValueKind.True => s.Kind == ScalarKind.Bool && s.BoolValue,
        JsonValueKind.False => s.Kind == ScalarKind.Bool && !s.BoolValue,
        JsonValueKind.Null => s.Kind == ScalarKind.Null,
        _ => false,
    };
}
