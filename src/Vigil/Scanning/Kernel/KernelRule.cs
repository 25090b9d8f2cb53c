using Vigil.Feeds.Kernel;
using Vigil.Versions;

namespace Vigil.Scanning.Kernel;

/// <summary>
/// Decides whether a kernel version is affected by one CVE record, following the CVE JSON 5 "affected" blocks as
/// the kernel CNA writes them, and spots records that contradict themselves.
/// </summary>
/// <remarks>
/// The CNA writes two blocks. One defaults to unaffected and lists git ranges plus semver ranges for stable
/// branches (a stable branch can be vulnerable through a backport before the mainline release that introduced the
/// bug: CVE-2024-26581 affects 6.4.8 although mainline got the bug in 6.5). The other defaults to affected and lists
/// unaffected ranges: before the introducing release, each branch's fix ("6.1.78 &lt;= 6.1.*"), and the mainline fix
/// ("6.8 &lt;= *", original_commit_for_fix). A version is affected when either block says so. A range whose end is a
/// stable release speaks only for that release's branch: "0 &lt; 6.6.33" says nothing about 6.9 (CVE-2024-38635).
/// </remarks>
public sealed class KernelRule
{
    private readonly CompiledRange[] ranges;
    private readonly CompiledBlock[] blocks;
    private readonly CompiledDyad[] dyad;
    private readonly KernelVersion? introduced;
    private readonly KernelVersion? fixedUpstream;
    private readonly KernelVersion[] branchFixes;

    public KernelRule(CompiledKernelRecord record)
    {
        ranges = record.Ranges;
        blocks = record.Blocks;
        dyad = record.Dyad;
        branchFixes = new KernelVersion[RuleLogic.CountBranchFixes(ranges)];
        (introduced, fixedUpstream) = RuleLogic.Facts(ranges, branchFixes);
    }

    /// <summary>The rule of a parsed record (the feed stores records compiled; this is for one read on its own).</summary>
    public static KernelRule Compile(KernelCveRecord record) => new(CompiledKernelRecord.Compile(record));

    /// <summary>The releases that fix this CVE: every branch fix and the mainline fix.</summary>
    public IEnumerable<KernelVersion> FixReleases() => fixedUpstream is { } upstream ? branchFixes.Append(upstream) : branchFixes;

    public KernelVerdict Evaluate(KernelVersion version) => Logic.Evaluate(version, explainNotAffected: true)!;

    /// <summary>
    /// The verdict, or null when the record plainly does not concern the version (not affected, nothing contradicted).
    /// A scan judges all 14,626 records and keeps only the others: no words are made for the thousands it drops.
    /// </summary>
    public KernelVerdict? EvaluateUnlessNotAffected(KernelVersion version) => Logic.Evaluate(version, explainNotAffected: false);

    private RuleLogic Logic => new(ranges, blocks, dyad, introduced, fixedUpstream, branchFixes);
}

/// <summary>
/// Judges one record after another for a scan, each decoded into the same buffers, so that only the verdicts it keeps
/// are allocated; the rule is <see cref="KernelRule"/>'s.
/// </summary>
public sealed class KernelRuleReader(KernelFeed feed)
{
    private readonly CompiledRecordBuffer record = new();
    private KernelVersion[] branchFixes = new KernelVersion[16];

    /// <inheritdoc cref="KernelRule.EvaluateUnlessNotAffected"/>
    public KernelVerdict? EvaluateUnlessNotAffected(int index, KernelVersion version)
    {
        feed.ReadCompiledRecord(index, record);
        var ranges = record.Ranges;
        if (branchFixes.Length < ranges.Length)
        {
            branchFixes = new KernelVersion[Math.Max(ranges.Length, branchFixes.Length * 2)];
        }
        var fixes = branchFixes.AsSpan(0, RuleLogic.CountBranchFixes(ranges));
        var (introduced, fixedUpstream) = RuleLogic.Facts(ranges, fixes);
        return new RuleLogic(ranges, record.Blocks, record.Dyad, introduced, fixedUpstream, fixes).Evaluate(version, explainNotAffected: false);
    }
}

/// <summary>The rule over a record's parts wherever they are held: in a <see cref="KernelRule"/>'s arrays or a scan's buffers.</summary>
internal readonly ref struct RuleLogic(ReadOnlySpan<CompiledRange> ranges, ReadOnlySpan<CompiledBlock> blocks, ReadOnlySpan<CompiledDyad> dyad,
    KernelVersion? introduced, KernelVersion? fixedUpstream, ReadOnlySpan<KernelVersion> branchFixes)
{
    private readonly ReadOnlySpan<CompiledRange> ranges = ranges;
    private readonly ReadOnlySpan<CompiledBlock> blocks = blocks;
    private readonly ReadOnlySpan<CompiledDyad> dyad = dyad;
    private readonly ReadOnlySpan<KernelVersion> branchFixes = branchFixes;

    public static int CountBranchFixes(ReadOnlySpan<CompiledRange> ranges)
    {
        var count = 0;
        foreach (var r in ranges)
        {
            count += IsBranchFix(r) ? 1 : 0;
        }
        return count;
    }

    /// <summary>What the ranges say once for every version: where the bug came in, where mainline fixed it, and each
    /// branch's fix, written sorted into <paramref name="branchFixes"/> (as many as <see cref="CountBranchFixes"/>).</summary>
    public static (KernelVersion? Introduced, KernelVersion? FixedUpstream) Facts(ReadOnlySpan<CompiledRange> ranges, Span<KernelVersion> branchFixes)
    {
        KernelVersion? introduced = null;
        KernelVersion? fixedUpstream = null;
        // Plain loops: a scan does this for 14,626 records, and LINQ's allocations here were most of the load time.
        var fixCount = 0;
        foreach (var r in ranges)
        {
            if (IsBranchFix(r))
            {
                branchFixes[fixCount++] = r.Start;
            }
            if (r.DefaultStatus != AffectedStatus.Affected)
            {
                continue;
            }
            if (r.Status == AffectedStatus.Affected && r.End is null && !r.OpenEnded)
            {
                introduced = r.Start;
            }
            else if (r.Status == AffectedStatus.Unaffected && r.Start == KernelVersion.Zero && r.End is { } before && !r.EndInclusive)
            {
                introduced ??= before;
            }
            else if (r.Type == RangeType.OriginalCommitForFix)
            {
                fixedUpstream = r.Start;
            }
        }
        // By insertion: a CVE fixes a handful of branches, and Array.Sort over a struct of ours is code compiled at
        // run time in every scan.
        for (var i = 1; i < branchFixes.Length; i++)
        {
            var fix = branchFixes[i];
            var j = i - 1;
            for (; j >= 0 && branchFixes[j].CompareTo(fix) > 0; j--)
            {
                branchFixes[j + 1] = branchFixes[j];
            }
            branchFixes[j + 1] = fix;
        }
        return (introduced, fixedUpstream);
    }

    /// <summary>"6.1.78 &lt;= 6.1.*": the release that fixes one stable branch.</summary>
    private static bool IsBranchFix(CompiledRange range) => range.Status == AffectedStatus.Unaffected && range.OpenEnded && range.Scope is not null;

    public KernelVerdict? Evaluate(KernelVersion version, bool explainNotAffected)
    {
        var branch = version.Branch;
        var affected = false;
        foreach (var block in blocks)
        {
            affected |= BlockStatus(block, version) == AffectedStatus.Affected;
        }

        var fixesHere = FixesOf(branch);
        KernelVersion? backportStart = null;
        foreach (var r in ranges)
        {
            if (r.DefaultStatus == AffectedStatus.Unaffected && r.Status == AffectedStatus.Affected && r.Scope is { } s && s.Equals(branch)
                && r.Start > KernelVersion.Zero && (backportStart is null || r.Start < backportStart))
            {
                backportStart = r.Start;
            }
        }
        var contradiction = Contradiction(version, branch, affected, fixesHere);

        if (affected)
        {
            // A release candidate is fixed by the mainline release that carries the fix; a release by its branch's fix.
            KernelVersion? pendingFix = null;
            if (version.IsReleaseCandidate)
            {
                pendingFix = fixedUpstream is { } up && up > version ? up : null;
            }
            else
            {
                foreach (var fix in fixesHere)
                {
                    if (fix > version)
                    {
                        pendingFix = fix;
                        break;
                    }
                }
            }
            var reason = $"introduced {(introduced is { } i ? $"in {i.Number}" : "before git history began (2.6.12)")}"
                + (backportStart is { } b && (introduced is null || b < introduced) ? $" (in {branch.Number} from {b.Number})" : "")
                + (fixedUpstream is { } fu ? $", fixed upstream in {fu.Number}" : ", not fixed upstream yet")
                + (pendingFix is { } p ? $", fix for {branch.Number} in {p.Number}" : $", no fix for {branch.Number} yet");
            return new KernelVerdict(contradiction is null ? KernelStatus.Affected : KernelStatus.NeedsReview,
                contradiction is null ? reason : $"{reason}; {contradiction}", introduced, fixedUpstream, pendingFix, contradiction);
        }
        if (contradiction is null && !explainNotAffected)
        {
            return null;
        }

        KernelVersion? appliedFix = null;
        foreach (var fix in fixesHere)
        {
            if (fix <= version)
            {
                appliedFix = fix;
            }
        }
        string notAffected;
        KernelVersion? fixedIn = null;
        if (appliedFix is { } applied)
        {
            notAffected = $"fixed in {applied.Number}";
            fixedIn = applied;
        }
        else if (fixedUpstream is { } upstream && version >= upstream)
        {
            notAffected = $"fixed upstream in {upstream.Number}";
            fixedIn = upstream;
        }
        else if (introduced is { } intro && version < intro)
        {
            notAffected = $"not yet introduced (introduced in {intro.Number})";
        }
        else
        {
            notAffected = $"branch {branch.Number} never affected";
        }
        return contradiction is null
            ? new KernelVerdict(KernelStatus.NotAffected, notAffected, introduced, fixedUpstream, fixedIn, null)
            : new KernelVerdict(KernelStatus.NeedsReview, $"{notAffected}; {contradiction}", introduced, fixedUpstream, fixedIn, contradiction);
    }

    /// <summary>"6.1.78, 6.6.17": a loop, as LINQ over a struct of ours is code compiled at run time.</summary>
    private static string Numbers(ReadOnlySpan<KernelVersion> versions)
    {
        var numbers = new string[versions.Length];
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = versions[i].Number;
        }
        return string.Join(", ", numbers);
    }

    /// <summary>The branch's fixes, oldest first: one run of the sorted fixes, since a branch's releases sort together.</summary>
    private ReadOnlySpan<KernelVersion> FixesOf(KernelVersion branch)
    {
        var start = 0;
        while (start < branchFixes.Length && !branchFixes[start].IsInBranch(branch))
        {
            start++;
        }
        var end = start;
        while (end < branchFixes.Length && branchFixes[end].IsInBranch(branch))
        {
            end++;
        }
        return branchFixes.Slice(start, end - start);
    }

    /// <summary>Self-contradictions of the record that change the answer for this version, spelled out; null if none.</summary>
    private string? Contradiction(KernelVersion version, KernelVersion branch, bool affected, ReadOnlySpan<KernelVersion> fixesHere)
    {
        // Most records contradict nothing: the list is made for the few that do.
        List<string>? problems = null;

        // Several fixes for one branch: later ones are often reverts or second attempts (CVE-2023-52920).
        if (fixesHere.Length > 1 && version >= fixesHere[0] && version < fixesHere[^1])
        {
            (problems ??= []).Add($"{fixesHere.Length} fixes are listed for {branch.Number} ({Numbers(fixesHere)}): "
                + $"a later one may revert or redo an earlier one, so {version.Number} may not have the final fix");
        }

        // A dyad line saying this branch is vulnerable where the JSON has no such range (CVE-2025-40039).
        if (!affected)
        {
            foreach (var pair in dyad)
            {
                if (pair.Introduced is { IsMainline: false } intro && intro.IsInBranch(branch) && intro <= version
                    && (pair.Fixed is null || (pair.Fixed.Value.IsInBranch(branch) && version < pair.Fixed.Value)))
                {
                    (problems ??= []).Add($"the dyad says {branch.Number} is vulnerable from {intro.Number} ({Short(pair.IntroducedCommit)})"
                        + (pair.Fixed is { } f ? $" until {f.Number}" : " with no fix") + $", but the JSON has no affected range for {branch.Number}");
                    break;
                }
            }
        }

        // Fixed in stable branches but no mainline fix recorded: newer kernels are affected only by default (CVE-2021-47645).
        // The fixes are sorted, so the last is in the newest branch.
        if (affected && fixedUpstream is null && branchFixes.Length > 0 && branchFixes[^1].Branch < branch)
        {
            (problems ??= []).Add($"fixed in {Numbers(branchFixes)} but no mainline fix is recorded, "
                + $"so {branch.Number} counts as affected only by default");
            foreach (var pair in dyad)
            {
                if (pair.Introduced is { } i && pair.Fixed is { } f && f < i)
                {
                    problems.Add($"the dyad's fix {f.Number} ({Short(pair.FixedCommit)}) predates its introduction in {i.Number}, so the mainline fix is likely missing");
                    break;
                }
            }
        }
        return problems is null ? null : string.Join("; ", problems);
    }

    private AffectedStatus BlockStatus(CompiledBlock block, KernelVersion version)
    {
        var sawUnaffected = false;
        for (var i = block.Start; i < block.Start + block.Count; i++)
        {
            var range = ranges[i];
            if (!range.Contains(version))
            {
                continue;
            }
            if (range.Status == AffectedStatus.Affected)
            {
                return AffectedStatus.Affected;
            }
            sawUnaffected |= range.Status == AffectedStatus.Unaffected;
        }
        return sawUnaffected ? AffectedStatus.Unaffected : block.DefaultStatus;
    }

    private static string Short(ulong prefix) => prefix.ToString("x16")[..12];
}
