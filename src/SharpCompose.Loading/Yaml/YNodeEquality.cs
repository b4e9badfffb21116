namespace SharpCompose.Loading.Yaml;

/// <summary>Structural equality of trees (positions ignored), like reflect.DeepEqual on decoded YAML.</summary>
public static class YNodeEquality
{
    public static bool DeepEquals(YNode a, YNode b)
    {
        switch (a)
        {
            case YScalar sa when b is YScalar sb:
                return sa.Kind == sb.Kind && sa.GoText == sb.GoText;
            case YSequence qa when b is YSequence qb:
                if (qa.Items.Count != qb.Items.Count) return false;
                for (var i = 0; i < qa.Items.Count; i++)
                    if (!DeepEquals(qa.Items[i], qb.Items[i])) return false;
                return true;
            case YMapping ma when b is YMapping mb:
                if (ma.Count != mb.Count) return false;
                foreach (var e in ma.Entries)
                {
                    var o = mb.Get(e.Name);
                    if (o is null || !DeepEquals(e.Value, o)) return false;
                }
                return true;
        }
        return false;
    }
}
