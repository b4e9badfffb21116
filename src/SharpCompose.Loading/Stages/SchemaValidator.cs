using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SharpCompose.Loading.Yaml;

namespace SharpCompose.Loading.Stages;

/// <summary>
/// Validates the merged tree against the compose-spec JSON schema (the one Compose v2 embeds), reporting
/// every violation with its position; unknown keys get a "did you mean" suggestion.
/// </summary>
public static class SchemaValidator
{
    private static readonly Lazy<JsonDocument> Schema = new(() =>
    {
        using var s = typeof(SchemaValidator).Assembly.GetManifestResourceStream("compose-spec.json")!;
        return JsonDocument.Parse(s);
    });

    private static readonly Dictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    public static void Validate(YMapping dict, DiagnosticBag bag)
    {
        var root = Schema.Value.RootElement;
        Check(dict, root, "", bag, root);
    }

    private static bool Check(YNode node, JsonElement schema, string path, DiagnosticBag? bag, JsonElement root)
    {
        if (schema.ValueKind != JsonValueKind.Object) return true;
        if (schema.TryGetProperty("$ref", out var r))
        {
            var target = Resolve(root, r.GetString()!);
            return Check(node, target, path, bag, root);
        }
        if (schema.TryGetProperty("type", out var type) && !TypeMatches(node, type))
        {
            bag?.Error(node.Span, path, $"must be {Article(type)}");
            return false;
        }
        var ok = true;
        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var matches = 0;
            JsonElement? single = null;
            foreach (var alt in oneOf.EnumerateArray())
                if (Check(node, alt, path, null, root)) { matches++; single = alt; }
            if (matches == 0)
            {
                if (bag is not null)
                {
                    // report with the branch whose type matches, if any, for a precise message
                    var typed = oneOf.EnumerateArray().FirstOrDefault(a => TypeOf(a, root) is { } t && TypeMatches(node, t));
                    if (typed.ValueKind == JsonValueKind.Object) Check(node, typed, path, bag, root);
                    else bag.Error(node.Span, path, $"must be {string.Join(" or ", oneOf.EnumerateArray().Select(a => TypeOf(a, root) is { } t ? Article(t) : "valid").Distinct())}");
                }
                return false;
            }
            if (matches > 1 && bag is not null && node is not YScalar { Kind: ScalarKind.Null })
            {
                // ambiguous matches are accepted (the peer's validator reports few of them)
            }
        }
        if (schema.TryGetProperty("enum", out var en) && node is YScalar es)
        {
            var found = false;
            foreach (var v in en.EnumerateArray())
                if (ScalarEquals(es, v)) { found = true; break; }
            if (!found)
            {
                bag?.Error(node.Span, path, $"must be one of the following: {string.Join(", ", en.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? $"\"{v.GetString()}\"" : v.GetRawText()))}");
                return false;
            }
        }
        if (node is YScalar num && num.Kind is ScalarKind.Int or ScalarKind.Float)
        {
            if (schema.TryGetProperty("minimum", out var min) && num.FloatValue < min.GetDouble())
            {
                bag?.Error(node.Span, path, $"must be greater than or equal to {min.GetRawText()}");
                ok = false;
            }
            if (schema.TryGetProperty("maximum", out var max) && num.FloatValue > max.GetDouble())
            {
                bag?.Error(node.Span, path, $"must be less than or equal to {max.GetRawText()}");
                ok = false;
            }
        }
        if (node is YScalar fs && fs.Kind == ScalarKind.String && schema.TryGetProperty("format", out var fmt) && fmt.GetString() == "duration"
            && !GoValues.TryParseDuration(fs.Value, out _))
        {
            bag?.Error(node.Span, path, $"invalid duration \"{fs.Value}\"");
            ok = false;
        }
        switch (node)
        {
            case YMapping m:
                ok &= CheckMapping(m, schema, path, bag, root);
                break;
            case YSequence q:
                if (schema.TryGetProperty("items", out var items))
                    for (var i = 0; i < q.Items.Count; i++)
                        ok &= Check(q.Items[i], items, $"{path}[{i}]", bag, root);
                if (schema.TryGetProperty("uniqueItems", out var uq) && uq.ValueKind == JsonValueKind.True)
                {
                    for (var i = 0; i < q.Items.Count; i++)
                        for (var j = 0; j < i; j++)
                            if (YNodeEquality.DeepEquals(q.Items[i], q.Items[j]))
                            {
                                bag?.Error(q.Items[i].Span, path, $"array items[{j},{i}] must be unique");
                                ok = false;
                                i = q.Items.Count;
                                break;
                            }
                }
                break;
        }
        return ok;
    }

    private static bool CheckMapping(YMapping m, JsonElement schema, string path, DiagnosticBag? bag, JsonElement root)
    {
        var ok = true;
        schema.TryGetProperty("properties", out var props);
        schema.TryGetProperty("patternProperties", out var patterns);
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var e in m.Entries)
        {
            var key = e.Name;
            var child = path.Length == 0 ? key : path + "." + key;
            var matched = false;
            if (props.ValueKind == JsonValueKind.Object && props.TryGetProperty(key, out var ps))
            {
                matched = true;
                ok &= Check(e.Value, ps, child, bag, root);
            }
            if (patterns.ValueKind == JsonValueKind.Object)
            {
                foreach (var pp in patterns.EnumerateObject())
                {
                    if (!PatternMatch(pp.Name, key)) continue;
                    matched = true;
                    ok &= Check(e.Value, pp.Value, child, bag, root);
                }
            }
            if (matched) continue;
            if (hasAdditional)
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    if (bag is not null)
                    {
                        var names = props.ValueKind == JsonValueKind.Object ? props.EnumerateObject().Select(p => p.Name) : [];
                        var where = path.Length == 0 ? "" : path;
                        bag.Error(e.Key.Span, where, $"additional property {key} is not allowed{Consistency.Suggest(key, names)}", "unknown-key");
                    }
                    ok = false;
                }
                else if (additional.ValueKind == JsonValueKind.Object)
                    ok &= Check(e.Value, additional, child, bag, root);
            }
        }
        if (schema.TryGetProperty("required", out var req))
            foreach (var r in req.EnumerateArray())
                if (!m.ContainsKey(r.GetString()!))
                {
                    bag?.Error(m.Span, path, $"{r.GetString()} is required");
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

    private static JsonElement Resolve(JsonElement root, string reference)
    {
        var e = root;
        foreach (var part in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            e = e.GetProperty(part);
        return e;
    }

    private static JsonElement? TypeOf(JsonElement schema, JsonElement root)
    {
        if (schema.TryGetProperty("$ref", out var r)) return TypeOf(Resolve(root, r.GetString()!), root);
        return schema.TryGetProperty("type", out var t) ? t : null;
    }

    private static bool TypeMatches(YNode node, JsonElement type)
    {
        if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in type.EnumerateArray())
                if (TypeMatches(node, t.GetString()!)) return true;
            return false;
        }
        return TypeMatches(node, type.GetString()!);
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

    private static string Article(JsonElement type)
    {
        static string One(string t) => t switch
        {
            "object" => "a mapping",
            "array" => "a list",
            "string" => "a string",
            "number" => "a number",
            "integer" => "an integer",
            "boolean" => "a boolean",
            "null" => "null",
            _ => t,
        };
        if (type.ValueKind == JsonValueKind.Array) return string.Join(" or ", type.EnumerateArray().Select(t => One(t.GetString()!)));
        return One(type.GetString()!);
    }

    private static bool ScalarEquals(YScalar s, JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => s.Kind == ScalarKind.String && s.Value == v.GetString(),
        JsonValueKind.Number => s.Kind is ScalarKind.Int or ScalarKind.Float && s.FloatValue == v.GetDouble(),
        JsonValueKind.True => s.Kind == ScalarKind.Bool && s.BoolValue,
        JsonValueKind.False => s.Kind == ScalarKind.Bool && !s.BoolValue,
        JsonValueKind.Null => s.Kind == ScalarKind.Null,
        _ => false,
    };

    internal static string Num(double d) => d.ToString(CultureInfo.InvariantCulture);
}
