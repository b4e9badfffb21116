using System.Text;
using SharpCompose.Model.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SharpCompose.Loading.Yaml;

/// <summary>Limits applied while building the tree.</summary>
public sealed record YamlLimits(int MaxDepth = 1000, long MinAliasBudget = 100_000, int AliasRatio = 10);

/// <summary>
/// Builds <see cref="YNode"/> trees from YamlDotNet parser events, iteratively: depth bounded before any
/// recursion, aliases expanded within a node budget, merge keys applied, duplicate keys reported.
/// </summary>
public static class YamlTreeReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Decodes bytes as strict UTF-8 (BOM stripped).</summary>
    public static string Decode(byte[] bytes, string file)
    {
        try
        {
            var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            return StrictUtf8.GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException e)
        {
            var line = 1;
            var col = 1;
            var idx = e.Index >= 0 ? Math.Min(e.Index, bytes.Length) : 0;
            for (var i = 0; i < idx; i++)
            {
                if (bytes[i] == '\n') { line++; col = 1; }
                else if ((bytes[i] & 0xC0) != 0x80) col++;
            }
            throw new ComposeException(ExitCodeClass.InvalidFile, "invalid UTF-8 in compose file", new SourceSpan(file, line, col));
        }
    }

    private sealed class Frame(YNode node, string path)
    {
        public YNode Node = node;
        public string Path = path;
        public YScalar? PendingKey;
        public string? Anchor;
        public long Weight = 1;
        public bool HasMergeKey;
    }

    /// <summary>Parses every document of <paramref name="text"/>. Errors go to <paramref name="bag"/>; fatal ones throw.</summary>
    public static List<YNode> Read(string text, string file, DiagnosticBag bag, YamlLimits? limits = null)
    {
        limits ??= new YamlLimits();
        PrecheckFlowDepth(text, file, limits.MaxDepth);
        var docs = new List<YNode>();
        var anchors = new Dictionary<string, (YNode Node, long Weight)>(StringComparer.Ordinal);
        var stack = new List<Frame>();
        long created = 0;
        long aliasBudget = Math.Max(limits.MinAliasBudget, (long)text.Length * limits.AliasRatio / 4);
        long aliasExpanded = 0;
        YNode? root = null;
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                switch (ev)
                {
                    case DocumentStart:
                        root = null;
                        anchors.Clear();
                        break;
                    case DocumentEnd:
                        if (root is not null) docs.Add(root);
                        root = null;
                        break;
                    case Scalar s:
                    {
                        var span = Span(file, s.Start);
                        var tag = TagOf(s.Tag);
                        var node = new YScalar(s.Value, s.Style == ScalarStyle.Plain, span, tag);
                        if (s.Style != ScalarStyle.Plain && tag is not null && tag != "tag:yaml.org,2002:str")
                            node = new YScalar(s.Value, false, span, tag);
                        created++;
                        if (!s.Anchor.IsEmpty) anchors[s.Anchor.Value] = (node, 1);
                        Attach(node, 1);
                        break;
                    }
                    case AnchorAlias a:
                    {
                        if (!anchors.TryGetValue(a.Value.Value, out var target))
                        {
                            bag.Error(Span(file, a.Start), CurrentPath(), $"unknown anchor '{a.Value.Value}' referenced");
                            Attach(YScalar.Null(Span(file, a.Start)), 1);
                            break;
                        }
                        aliasExpanded += target.Weight;
                        if (aliasExpanded > aliasBudget)
                            throw new ComposeException(ExitCodeClass.InvalidFile,
                                $"document is too large: alias expansion exceeds {aliasBudget} nodes (possible billion laughs attack)",
                                Span(file, a.Start), CurrentPath());
                        Attach(target.Node is YScalar ? target.Node.DeepClone() : CloneBounded(target.Node), target.Weight);
                        break;
                    }
                    case MappingStart ms:
                        Push(new YMapping(Span(file, ms.Start)) { Tag = TagOf(ms.Tag) }, ms.Anchor, ms.Start);
                        break;
                    case SequenceStart ss:
                        Push(new YSequence(Span(file, ss.Start)) { Tag = TagOf(ss.Tag) }, ss.Anchor, ss.Start);
                        break;
                    case MappingEnd:
                    case SequenceEnd:
                    {
                        var f = stack[^1];
                        stack.RemoveAt(stack.Count - 1);
                        if (f.Node is YMapping m && f.HasMergeKey) ApplyMergeKeys(m, bag, f.Path);
                        if (f.Anchor is not null) anchors[f.Anchor] = (f.Node, f.Weight);
                        Attach(f.Node, f.Weight);
                        break;
                    }
                }
            }
        }
        catch (YamlException e)
        {
            var msg = e.Message;
            var colon = msg.IndexOf("): ", StringComparison.Ordinal);
            if (msg.StartsWith('(') && colon > 0) msg = msg[(colon + 3)..];
            throw new ComposeException(ExitCodeClass.InvalidFile, "yaml: " + msg, Span(file, e.Start), CurrentPath());
        }
        return docs;

        string CurrentPath() => stack.Count == 0 ? "" : stack[^1].PendingKey is { } k ? Join(stack[^1].Path, k.Value) : stack[^1].Path;

        void Push(YNode node, AnchorName anchor, Mark start)
        {
            created++;
            if (stack.Count >= limits.MaxDepth)
                throw new ComposeException(ExitCodeClass.InvalidFile,
                    $"document nesting exceeds the maximum depth of {limits.MaxDepth}", Span(file, start), CurrentPath());
            string path;
            if (stack.Count == 0) path = "";
            else
            {
                var parent = stack[^1];
                path = parent.Node switch
                {
                    YMapping => parent.PendingKey is { } k ? Join(parent.Path, k.Value) : parent.Path,
                    YSequence sq => parent.Path + "[" + sq.Items.Count + "]",
                    _ => parent.Path,
                };
            }
            stack.Add(new Frame(node, path) { Anchor = anchor.IsEmpty ? null : anchor.Value });
        }

        void Attach(YNode node, long weight)
        {
            if (stack.Count == 0)
            {
                root = node;
                return;
            }
            var f = stack[^1];
            f.Weight += weight;
            switch (f.Node)
            {
                case YSequence seq:
                    seq.Items.Add(node);
                    break;
                case YMapping map:
                    if (f.PendingKey is null)
                    {
                        if (node is not YScalar key)
                        {
                            bag.Error(node.Span, f.Path, "mapping keys must be scalars");
                            f.PendingKey = YScalar.Str("?", node.Span);
                            break;
                        }
                        f.PendingKey = key;
                    }
                    else
                    {
                        var key = f.PendingKey;
                        f.PendingKey = null;
                        if (key.Plain && key.Value == "<<")
                        {
                            f.HasMergeKey = true;
                            map.Add(key, node);
                            break;
                        }
                        var existing = map.GetEntry(key.GoText ?? "null");
                        if (existing is not null && !(existing.Key.Plain && existing.Key.Value == "<<"))
                        {
                            bag.Error(key.Span, Join(f.Path, key.Value),
                                $"mapping key \"{key.Value}\" already defined at line {existing.Key.Span.Line}", "duplicate-key");
                            break;
                        }
                        map.Add(key, node);
                    }
                    break;
            }
        }

        YNode CloneBounded(YNode n) => n.DeepClone();
    }

    /// <summary>
    /// Linear pre-scan of flow-collection nesting: YamlDotNet's scanner slows down quadratically on deeply nested
    /// flow collections, so excessive nesting is refused before the parser sees it.
    /// </summary>
    private static void PrecheckFlowDepth(string text, string file, int maxDepth)
    {
        var depth = 0;
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\n': line++; lineStart = i + 1; break;
                case '[' or '{':
                    if (++depth > maxDepth)
                        throw new ComposeException(ExitCodeClass.InvalidFile,
                            $"document nesting exceeds the maximum depth of {maxDepth}", new SourceSpan(file, line, i - lineStart + 1));
                    break;
                case ']' or '}':
                    if (depth > 0) depth--;
                    break;
                case '#' when i == 0 || text[i - 1] is ' ' or '\t' or '\n':
                    while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                    break;
                case '"':
                    i++;
                    while (i < text.Length && text[i] != '"')
                    {
                        if (text[i] == '\\') i++;
                        else if (text[i] == '\n') { line++; lineStart = i + 1; }
                        i++;
                    }
                    break;
            }
        }
    }

    private static void ApplyMergeKeys(YMapping m, DiagnosticBag bag, string path)
    {
        var explicitEntries = new List<YEntry>();
        var sources = new List<YMapping>();
        foreach (var e in m.Entries)
        {
            if (e.Key.Plain && e.Key.Value == "<<")
            {
                switch (e.Value)
                {
                    case YMapping src: sources.Add(src); break;
                    case YSequence seq:
                        foreach (var item in seq.Items)
                        {
                            if (item is YMapping im) sources.Add(im);
                            else bag.Error(item.Span, path, "map merge requires map or sequence of maps as the value");
                        }
                        break;
                    default:
                        bag.Error(e.Value.Span, path, "map merge requires map or sequence of maps as the value");
                        break;
                }
            }
            else explicitEntries.Add(e);
        }
        m.Clear();
        foreach (var e in explicitEntries) m.Add(e.Key, e.Value);
        foreach (var src in sources)
            foreach (var e in src.Entries)
                if (!m.ContainsKey(e.Name)) m.Add((YScalar)e.Key.DeepClone(), e.Value.DeepClone());
    }

    internal static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static SourceSpan Span(string file, Mark m) => new(file, (int)m.Line, (int)m.Column);

    private static string? TagOf(TagName tag) => tag.IsEmpty || tag.Value == "!" ? null : tag.Value;
}
