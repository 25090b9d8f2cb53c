namespace Vigil.ProcessRecords;

/// <summary>
/// The trace links of the records as a graph: threat -> mitigation -> design element -> test, and requirement ->
/// design element -> test (tests also name what they cover). A matrix is what each item of one kind reaches of another.
/// </summary>
public static class Traceability
{
    public static readonly string[] Kinds = ["threat", "mitigation", "requirement", "design", "test"];

    public static IReadOnlyList<(string From, IReadOnlyList<string> To)> Matrix(RecordSet records, string fromKind, string toKind)
    {
        var kindOf = new Dictionary<string, string>();
        var edges = new Dictionary<string, HashSet<string>>();
        void Node(string id, string kind)
        {
            kindOf[id] = kind;
            edges.TryAdd(id, []);
        }
        void Edge(string from, string to)
        {
            edges.TryAdd(from, []);
            edges[from].Add(to);
        }
        records.Threats.ToList().ForEach(t => Node(t.Id, "threat"));
        records.Mitigations.ToList().ForEach(m => Node(m.Id, "mitigation"));
        records.Requirements.ToList().ForEach(r => Node(r.Id, "requirement"));
        records.Design.ToList().ForEach(d => Node(d.Id, "design"));
        records.Tests.ToList().ForEach(t => Node(t.Id, "test"));
        foreach (var t in records.Threats)
        {
            t.Mitigations.ToList().ForEach(m => Edge(t.Id, m));
        }
        foreach (var m in records.Mitigations)
        {
            m.Design.Concat(m.Tests).ToList().ForEach(x => Edge(m.Id, x));
        }
        foreach (var d in records.Design)
        {
            d.Requirements.ToList().ForEach(r => Edge(r, d.Id));
            d.Tests.ToList().ForEach(x => Edge(d.Id, x));
        }
        foreach (var test in records.Tests)
        {
            test.Covers.ToList().ForEach(c => Edge(c, test.Id));
        }

        return [.. kindOf.Where(kv => kv.Value == fromKind).Select(kv => kv.Key).Order(StringComparer.Ordinal).Select(from =>
        {
            var seen = new HashSet<string>();
            var queue = new Queue<string>([from]);
            while (queue.Count > 0)
            {
                foreach (var next in edges.GetValueOrDefault(queue.Dequeue()) ?? [])
                {
                    // Follow the trace forward only: never back to an item of the kind we start from.
                    if (kindOf.TryGetValue(next, out var kind) && kind != fromKind && seen.Add(next) && kind != toKind)
                    {
                        queue.Enqueue(next);
                    }
                }
            }
            return (from, (IReadOnlyList<string>)[.. seen.Where(id => kindOf[id] == toKind).Order(StringComparer.Ordinal)]);
        })];
    }
}
