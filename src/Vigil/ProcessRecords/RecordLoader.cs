using Vigil.Common;
using YamlDotNet.RepresentationModel;

namespace Vigil.ProcessRecords;

/// <summary>Reads a process records folder (product.yml, people.yml, requirements.yml, threat-model.yml, reviews.yml,
/// code-reviews.yml, updates.yml, checklists/*.yml) into a <see cref="RecordSet"/>; schema errors are file:line.</summary>
public static class RecordLoader
{
    public static readonly string[] ScopeStatuses = ["applicable", "not-applicable", "delegated"];
    public static readonly string[] ItemStatuses = ["met", "partially", "not-met"];
    public static readonly string[] Stride = ["spoofing", "tampering", "repudiation", "information-disclosure", "denial-of-service", "elevation-of-privilege"];
    public static readonly string[] DesignKinds = ["component", "interface", "protocol", "trust-boundary"];
    public static readonly string[] TestKinds = ["requirements", "threat-mitigation", "abuse-case", "attack-surface", "known-vulnerability", "static-analysis", "composition-analysis", "penetration", "fuzzing"];
    public static readonly string[] TestResults = ["pass", "fail", "not-run"];
    public static readonly string[] ApprovalRoles = ["architect", "developer", "tester", "customer-advocate", "security-adviser"];
    public static readonly string[] ReviewResults = ["approved", "changes-requested", "rejected"];
    public static readonly string[] Levels = ["low", "medium", "high"];

    /// <summary>The records format this Vigil reads; product.yml's schema-version says which one a folder is written in.</summary>
    public const int SchemaVersion = 1;

    /// <param name="folder">Where the records are.</param>
    /// <param name="displayFolder">How to name that folder in errors and gaps: as the user wrote it.</param>
    public static RecordSet Load(string folder, string displayFolder)
    {
        if (!Directory.Exists(folder))
        {
            throw new VigilException(ErrorKind.NotFound, ErrorCodes.NotRecordsFolder, $"{folder} is not a process records folder");
        }
        string Display(string name) => Path.Combine(displayFolder, name);
        YamlMappingNode? Root(string name, out YamlRecords yaml)
        {
            yaml = new YamlRecords(Display(name));
            return YamlRecords.Load(Path.Combine(folder, name), yaml.File);
        }

        var products = new List<string>();
        var releases = new List<string>();
        var scope = new Dictionary<string, ScopeDecision>();
        int? policyDays = null;
        if (Root("product.yml", out var p) is { } product)
        {
            p.Map(product, "product.yml", "schema-version", "products", "releases", "scope", "update-policy");
            if (p.OptionalNumber(product, "schema-version", "product.yml", 1, 1000) is { } version && version > SchemaVersion)
            {
                throw p.Error(YamlRecords.Field(product, "schema-version")!, $"these records are written in schema version {version}; this Vigil reads version {SchemaVersion}: update Vigil");
            }
            products.AddRange(p.Texts(product, "products", "product.yml"));
            releases.AddRange(p.Texts(product, "releases", "product.yml"));
            if (YamlRecords.Field(product, "scope") is { } scopeNode)
            {
                foreach (var (key, value) in p.Map(scopeNode, "scope").Children)
                {
                    var id = (key as YamlScalarNode)?.Value ?? "";
                    if (!Catalog.TryGet(id, out _))
                    {
                        throw p.Error(key, $"'{id}' is not an IEC 62443-4-1 requirement (SM-1 ... SG-7)");
                    }
                    var entry = p.Map(value, $"scope.{id}", "status", "justification");
                    scope[id] = new ScopeDecision(id, p.OneOf(entry, "status", $"scope.{id}", ScopeStatuses), p.OptionalText(entry, "justification", $"scope.{id}"), p.At(key));
                }
            }
            if (YamlRecords.Field(product, "update-policy") is { } policy)
            {
                policyDays = (int?)p.OptionalNumber(p.Map(policy, "update-policy", "max-days"), "max-days", "update-policy", 1, 3650);
            }
        }

        var people = new List<Person>();
        var raci = new List<Raci>();
        if (Root("people.yml", out var pe) is { } peopleRoot)
        {
            pe.Map(peopleRoot, "people.yml", "people", "raci");
            foreach (var node in pe.List(YamlRecords.Field(peopleRoot, "people"), "people"))
            {
                var m = pe.Map(node, "a person", "id", "name", "department", "organisation", "roles", "qualifications");
                var id = pe.Text(m, "id", "a person");
                var qualifications = pe.List(YamlRecords.Field(m, "qualifications"), $"{id}.qualifications").Select(q =>
                {
                    var qm = pe.Map(q, $"a qualification of {id}", "topic", "date", "expires");
                    return new Qualification(pe.Text(qm, "topic", "qualification"), pe.Date(qm, "date", "qualification"), pe.OptionalDate(qm, "expires", "qualification"));
                }).ToArray();
                people.Add(new Person(id, pe.Text(m, "name", id), pe.Text(m, "department", id), pe.OptionalText(m, "organisation", id), pe.Texts(m, "roles", id), qualifications, pe.At(node)));
            }
            if (YamlRecords.Field(peopleRoot, "raci") is { } raciNode)
            {
                foreach (var (key, value) in pe.Map(raciNode, "raci").Children)
                {
                    var practice = (key as YamlScalarNode)?.Value ?? "";
                    if (!Catalog.Practices.ContainsKey(practice))
                    {
                        throw pe.Error(key, $"'{practice}' is not a practice (SM, SR, SD, SI, SVV, DM, SUM, SG)");
                    }
                    var m = pe.Map(value, $"raci.{practice}", "responsible", "accountable", "consulted", "informed");
                    raci.Add(new Raci(practice, pe.Texts(m, "responsible", practice), pe.OptionalText(m, "accountable", practice), pe.Texts(m, "consulted", practice), pe.Texts(m, "informed", practice), pe.At(key)));
                }
            }
        }

        var requirements = new List<SecurityRequirement>();
        if (Root("requirements.yml", out var r) is { } reqRoot)
        {
            r.Map(reqRoot, "requirements.yml", "requirements");
            foreach (var node in r.List(YamlRecords.Field(reqRoot, "requirements"), "requirements"))
            {
                var m = r.Map(node, "a requirement", "id", "text", "security-level", "approvals");
                var id = r.Text(m, "id", "a requirement");
                var approvals = r.List(YamlRecords.Field(m, "approvals"), $"{id}.approvals").Select(a =>
                {
                    var am = r.Map(a, $"an approval of {id}", "role", "person", "date");
                    return new Approval(r.OneOf(am, "role", $"{id} approval", ApprovalRoles), r.Text(am, "person", "approval"), r.Date(am, "date", "approval"), r.At(a));
                }).ToArray();
                requirements.Add(new SecurityRequirement(id, r.Text(m, "text", id), r.OptionalText(m, "security-level", id), approvals, r.At(node)));
            }
        }

        var threats = new List<Threat>();
        var mitigations = new List<Mitigation>();
        var design = new List<DesignElement>();
        var tests = new List<TestRecord>();
        if (Root("threat-model.yml", out var t) is { } tm)
        {
            t.Map(tm, "threat-model.yml", "threats", "mitigations", "design", "tests");
            foreach (var node in t.List(YamlRecords.Field(tm, "threats"), "threats"))
            {
                var m = t.Map(node, "a threat", "id", "stride", "asset", "boundary", "cvss", "likelihood", "impact", "mitigations", "description");
                var id = t.Text(m, "id", "a threat");
                threats.Add(new Threat(id, t.OneOf(m, "stride", id, Stride), t.Text(m, "asset", id), t.OptionalText(m, "boundary", id),
                    t.OptionalNumber(m, "cvss", id, 0, 10), t.OptionalText(m, "likelihood", id), t.OptionalText(m, "impact", id), t.Texts(m, "mitigations", id), t.At(node)));
            }
            foreach (var node in t.List(YamlRecords.Field(tm, "mitigations"), "mitigations"))
            {
                var m = t.Map(node, "a mitigation", "id", "text", "design", "tests");
                var id = t.Text(m, "id", "a mitigation");
                mitigations.Add(new Mitigation(id, t.Text(m, "text", id), t.Texts(m, "design", id), t.Texts(m, "tests", id), t.At(node)));
            }
            foreach (var node in t.List(YamlRecords.Field(tm, "design"), "design"))
            {
                var m = t.Map(node, "a design element", "id", "kind", "text", "requirements", "tests");
                var id = t.Text(m, "id", "a design element");
                design.Add(new DesignElement(id, t.OneOf(m, "kind", id, DesignKinds), t.Text(m, "text", id), t.Texts(m, "requirements", id), t.Texts(m, "tests", id), t.At(node)));
            }
            foreach (var node in t.List(YamlRecords.Field(tm, "tests"), "tests"))
            {
                var m = t.Map(node, "a test", "id", "kind", "result", "results", "tester", "developer", "date", "covers");
                var id = t.Text(m, "id", "a test");
                // A results file (JUnit XML, SARIF) is the evidence; the result comes from it.
                var results = t.OptionalText(m, "results", id) is { } file
                    ? TestResultFiles.Read(Path.Combine(folder, file), Display(file))
                    : null;
                tests.Add(new TestRecord(id, t.OneOf(m, "kind", id, TestKinds), results?.Result ?? t.OneOf(m, "result", id, TestResults), t.Text(m, "tester", id),
                    t.OptionalText(m, "developer", id), t.Date(m, "date", id), t.Texts(m, "covers", id), t.At(node)) { Evidence = results?.Summary });
            }
        }

        var reviews = new List<Review>();
        if (Root("reviews.yml", out var rv) is { } reviewRoot)
        {
            rv.Map(reviewRoot, "reviews.yml", "reviews");
            foreach (var node in rv.List(YamlRecords.Field(reviewRoot, "reviews"), "reviews"))
            {
                var m = rv.Map(node, "a review", "artifact", "requirements", "frequency-months", "last");
                var artifact = rv.Text(m, "artifact", "a review");
                var frequency = (int)(rv.OptionalNumber(m, "frequency-months", artifact, 1, 120) ?? 12);
                string? by = null, findings = null, actions = null;
                DateOnly? date = null;
                if (YamlRecords.Field(m, "last") is { } last)
                {
                    var lm = rv.Map(last, $"{artifact}.last", "by", "date", "findings", "actions");
                    (by, date, findings, actions) = (rv.OptionalText(lm, "by", artifact), rv.OptionalDate(lm, "date", artifact), rv.OptionalText(lm, "findings", artifact), rv.OptionalText(lm, "actions", artifact));
                }
                reviews.Add(new Review(artifact, rv.Texts(m, "requirements", artifact), frequency, by, date, findings, actions, rv.At(node)));
            }
        }

        var codeReviews = new List<CodeReview>();
        if (Root("code-reviews.yml", out var c) is { } crRoot)
        {
            c.Map(crRoot, "code-reviews.yml", "code-reviews");
            foreach (var node in c.List(YamlRecords.Field(crRoot, "code-reviews"), "code-reviews"))
            {
                var m = c.Map(node, "a code review", "change", "author", "reviewer", "date", "result", "findings");
                var change = c.Text(m, "change", "a code review");
                var findings = c.List(YamlRecords.Field(m, "findings"), $"{change}.findings").Select(f =>
                {
                    var fm = c.Map(f, $"a finding of {change}", "text", "fixer", "due", "fixed");
                    return new ReviewFinding(c.Text(fm, "text", "finding"), c.OptionalText(fm, "fixer", "finding"), c.OptionalDate(fm, "due", "finding"), c.OptionalDate(fm, "fixed", "finding"), c.At(f));
                }).ToArray();
                codeReviews.Add(new CodeReview(change, c.Text(m, "author", change), c.OptionalText(m, "reviewer", change), c.OptionalDate(m, "date", change),
                    YamlRecords.Field(m, "result") is null ? null : c.OneOf(m, "result", change, ReviewResults), findings, c.At(node)));
            }
        }

        var updates = new List<SecurityUpdate>();
        if (Root("updates.yml", out var u) is { } updateRoot)
        {
            u.Map(updateRoot, "updates.yml", "updates");
            foreach (var node in u.List(YamlRecords.Field(updateRoot, "updates"), "updates"))
            {
                var m = u.Map(node, "an update", "advisory", "cves", "affected", "fixed", "qualification", "upstream-fix", "released");
                var advisory = u.Text(m, "advisory", "an update");
                updates.Add(new SecurityUpdate(advisory, u.Texts(m, "cves", advisory), u.OptionalText(m, "affected", advisory), u.OptionalText(m, "fixed", advisory),
                    u.OptionalText(m, "qualification", advisory), u.Date(m, "upstream-fix", advisory), u.OptionalDate(m, "released", advisory), u.At(node)));
            }
        }

        var checklists = new List<Checklist>();
        var checklistFolder = Path.Combine(folder, "checklists");
        if (Directory.Exists(checklistFolder))
        {
            foreach (var file in Directory.GetFiles(checklistFolder, "*.yml").Order(StringComparer.Ordinal))
            {
                var name = Path.Combine("checklists", Path.GetFileName(file));
                if (Root(name, out var k) is not { } root)
                {
                    continue;
                }
                k.Map(root, name, "release", "previous", "items");
                var release = k.Text(root, "release", name);
                var items = new List<ChecklistItem>();
                if (YamlRecords.Field(root, "items") is { } itemsNode)
                {
                    foreach (var (key, value) in k.Map(itemsNode, "items").Children)
                    {
                        var id = (key as YamlScalarNode)?.Value ?? "";
                        if (!Catalog.TryGet(id, out _))
                        {
                            throw k.Error(key, $"'{id}' is not an IEC 62443-4-1 requirement (SM-1 ... SG-7)");
                        }
                        var m = k.Map(value, $"items.{id}", "status", "evidence", "reviewer", "signed-off");
                        var evidence = k.List(YamlRecords.Field(m, "evidence"), $"{id}.evidence").Select(e =>
                        {
                            var em = k.Map(e, $"evidence of {id}", "file", "sha256", "url", "vigil");
                            var item = new Evidence(k.OptionalText(em, "file", id), k.OptionalText(em, "sha256", id), k.OptionalText(em, "url", id), k.OptionalText(em, "vigil", id), k.At(e));
                            return item.File is null && item.Url is null && item.Vigil is null ? throw k.Error(e, $"evidence of {id} needs a file, url or vigil output") : item;
                        }).ToArray();
                        items.Add(new ChecklistItem(id, k.OneOf(m, "status", id, ItemStatuses), evidence, k.OptionalText(m, "reviewer", id), k.OptionalDate(m, "signed-off", id), k.At(key)));
                    }
                }
                checklists.Add(new Checklist(release, k.OptionalText(root, "previous", name), items, k.At(root)));
            }
        }

        Unique(people, p => p.Id, p => p.Where, "person");
        Unique(requirements, r => r.Id, r => r.Where, "requirement");
        Unique(threats, t => t.Id, t => t.Where, "threat");
        Unique(mitigations, m => m.Id, m => m.Where, "mitigation");
        Unique(design, d => d.Id, d => d.Where, "design element");
        Unique(tests, t => t.Id, t => t.Where, "test");
        Unique(checklists, c => c.Release, c => c.Where, "checklist release");
        return new RecordSet(folder, displayFolder, products, releases, scope, policyDays, people, raci, checklists, reviews, requirements, threats, mitigations, design, tests, codeReviews, updates);
    }

    /// <summary>Records are referred to by id: an id used twice would make every reference to it ambiguous.</summary>
    private static void Unique<T>(IEnumerable<T> records, Func<T, string> id, Func<T, Location> where, string kind)
    {
        var first = new Dictionary<string, Location>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var at = where(record);
            if (!first.TryAdd(id(record), at))
            {
                var earlier = first[id(record)];
                throw new VigilException($"{at.File}:{at.Line}: {kind} id '{id(record)}' is used twice (first at {(earlier.File == at.File ? "line " + earlier.Line : $"{earlier.File}:{earlier.Line}")}); ids must be unique");
            }
        }
    }
}
