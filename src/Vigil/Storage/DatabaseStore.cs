using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vigil.Audit;
using Vigil.History;
using Vigil.Identity;
using Vigil.Notifications;
using Vigil.Products;
using Vigil.Scanning;
using Vigil.Schedules;
using Vigil.Triage;

namespace Vigil.Storage;

/// <summary>
/// The domain's stores on the team database: each write is one transaction with its audit entries, reads are
/// untracked. The database is opened on first use, so work that never needs it (a scan of a file) never opens it.
/// </summary>
public sealed class DatabaseStore(VigilDatabase.Connector connector, CurrentActor actor, TimeProvider clock, ScanFindingsCache findingsCache, DatabaseChanges changes, CachedReads reads)
    : IProductStore, IScanStore, ITriageStore, INotificationStore, IIdentityStore, IAuditLog, IJobRunStore, ProcessRecords.IAttestationStore, Integrity.IManifestCheckStore,
        Cra.IReportingCaseStore, IDisposable
{
    private VigilDb? opened;

    private VigilDb Db => opened ??= connector.Open();

    public void Dispose() => opened?.Dispose();

    /// <summary>One write: the change and its audit entries in one transaction, announced as a change of <paramref name="changed"/>.</summary>
    private async Task CommitAsync(string what, string changed, Action change, CancellationToken cancellation, params AuditEvent[] audit) =>
        await CommitAsync(what, changed, change, null, cancellation, audit);

    private async Task CommitAsync(string what, string changed, Action change, Func<CancellationToken, Task>? afterSaving, CancellationToken cancellation, params AuditEvent[] audit)
    {
        await Db.CommitAsync(what, change, actor.Value, clock.GetUtcNow(), audit, changed, cancellation, afterSaving);
        changes.Changed(changed);
    }

    /// <summary>
    /// The queries every findings page and every token check make, compiled once rather than translated per call:
    /// one set per database kind, since a compiled query belongs to the model (and so the provider) it first ran on.
    /// </summary>
    private sealed class HotQueries
    {
        public static readonly HotQueries Sqlite = new(), Postgres = new();

        public Func<VigilDb, string, CancellationToken, Task<Product?>> ProductNamed { get; } = EF.CompileAsyncQuery(
            (VigilDb db, string name, CancellationToken _) => db.Products.Include(p => p.Releases).AsNoTracking().SingleOrDefault(p => p.Name == name));

        public Func<VigilDb, string, CancellationToken, Task<HeldToken?>> TokenHolder { get; } = EF.CompileAsyncQuery(
            (VigilDb db, string sha256, CancellationToken _) => db.Tokens.AsNoTracking().Where(t => t.Sha256 == sha256)
                .Join(db.Users.AsNoTracking(), t => t.UserId, u => u.Id, (t, u) => new HeldToken(t, u)).SingleOrDefault());

    }

    private sealed record HeldToken(ApiToken Token, User User);

    private HotQueries Hot => Db.Location.IsPostgres ? HotQueries.Postgres : HotQueries.Sqlite;

    public Task<Product?> FindProductAsync(string name, CancellationToken cancellation) => reads.ProductAsync(name, () => Hot.ProductNamed(Db, name, cancellation));

    public async Task<IReadOnlyList<Product>> ListProductsAsync(CancellationToken cancellation) =>
        await Db.Products.Include(p => p.Releases).AsNoTracking().ToListAsync(cancellation);

    public Task AddReleaseAsync(string productName, Product? newProduct, ProductRelease release, CancellationToken cancellation)
    {
        var events = new List<AuditEvent>();
        if (newProduct is not null)
        {
            events.Add(new AuditEvent("product.add", newProduct.Name, null, AuditJson.Of(("name", newProduct.Name), ("description", newProduct.Description))));
        }
        events.Add(new AuditEvent("release.add", $"{productName}/{release.Name}", null, AuditJson.Of(
            ("release", release.Name), ("packages", release.PackagesKind is { } k ? $"{Inventory.InventoryKindNames.Name(k)} {release.PackagesPath}" : null),
            ("debianRelease", release.DebianRelease), ("kernel", release.KernelVersion), ("kernelTree", release.KernelGitRepo))));
        return CommitAsync("the release", ChangeScopes.Product(release.ProductId), () =>
        {
            if (newProduct is not null)
            {
                Db.Products.Add(newProduct);
            }
            Db.Releases.Add(release);
        }, cancellation, [.. events]);
    }

    public Task<ReleaseInventory?> InventoryOfAsync(string releaseId, CancellationToken cancellation) =>
        Db.Inventories.AsNoTracking().SingleOrDefaultAsync(i => i.ReleaseId == releaseId, cancellation);

    public async Task AddScanAsync(ScanRecord scan, ReleaseInventory? uploaded, CancellationToken cancellation)
    {
        var replaced = uploaded is null ? null : await Db.Inventories.SingleOrDefaultAsync(i => i.ReleaseId == uploaded.ReleaseId, cancellation);
        var productId = await Db.Releases.AsNoTracking().Where(r => r.Id == scan.ReleaseId).Select(r => r.ProductId).SingleAsync(cancellation);
        await CommitAsync("the scan", ChangeScopes.Scans(productId), () =>
        {
            // The findings go in afterwards, untracked: a tracked scan would take them along one by one.
            Db.Scans.Add(scan.Header());
            if (uploaded is not null && replaced is not null)
            {
                (replaced.Content, replaced.Sha256, replaced.UploadedAt) = (uploaded.Content, uploaded.Sha256, uploaded.UploadedAt);
            }
            else if (uploaded is not null)
            {
                Db.Inventories.Add(uploaded);
            }
        }, ct => RowInserter.InsertAsync(Db, scan.Findings, ct), cancellation, new AuditEvent("scan.record", scan.Target, null, AuditJson.Of(
            ("release", scan.ReleaseId), ("uploadedInventorySha256", uploaded?.Sha256),
            ("scan", scan.Id), ("kind", scan.Kind.Name()), ("target", scan.Target), ("findings", scan.Findings.Count.ToString(CultureInfo.InvariantCulture)),
            ("open", scan.OpenCount.ToString(CultureInfo.InvariantCulture)), ("feedSha256", scan.FeedSha256), ("inventorySha256", scan.InventorySha256))));
        // The findings are in memory already: the pages that read them next need not load them again.
        findingsCache.Add(scan.Id, [.. scan.Findings]);
    }

    public async Task<IReadOnlyList<ScanRecord>> ScansAsync(string releaseId, ScanKind kind, CancellationToken cancellation) =>
        [.. (await Db.Scans.AsNoTracking().Where(s => s.ReleaseId == releaseId && s.Kind == kind).ToListAsync(cancellation))
            .OrderBy(s => s.ScannedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];

    public async Task<IReadOnlyList<ScanRecord>> LatestScansAsync(Product product, CancellationToken cancellation)
    {
        string[] releaseIds = [.. product.Releases.Select(r => r.Id)];
        return (await reads.ReadAsync<IReadOnlyList<ScanRecord>>("scans:" + string.Join(',', releaseIds), ChangeScopes.Scans(product.Id), async () => await Db.Scans.AsNoTracking()
            .Where(s => releaseIds.Contains(s.ReleaseId) && !Db.Scans.Any(o => o.ReleaseId == s.ReleaseId && o.Kind == s.Kind
                && (o.ScannedAt > s.ScannedAt || (o.ScannedAt == s.ScannedAt && string.Compare(o.Id, s.Id) > 0))))
            .ToListAsync(cancellation)))!;
    }

    public async Task<IReadOnlyList<ScanRecord>> ScanHeadersAsync(IReadOnlyCollection<string> releaseIds, CancellationToken cancellation) =>
        await Db.Scans.AsNoTracking().Where(s => releaseIds.Contains(s.ReleaseId)).ToListAsync(cancellation);

    public async Task<IReadOnlyList<(DateTimeOffset ScannedAt, bool FixKnown)>> SightingsAsync(IReadOnlyCollection<string> releaseIds, string vulnerabilityId, CancellationToken cancellation) =>
        [.. (await Db.Findings.AsNoTracking().Where(f => f.VulnerabilityId == vulnerabilityId)
                .Join(Db.Scans.AsNoTracking().Where(s => releaseIds.Contains(s.ReleaseId)), f => f.ScanId, s => s.Id, (f, s) => new { s.ScannedAt, FixKnown = f.FixedVersion != null })
                .ToListAsync(cancellation))
            .Select(r => (r.ScannedAt, r.FixKnown))];

    public async Task<IReadOnlyList<ScanFindingRecord>> FindingsAsync(IReadOnlyCollection<string> scanIds, CancellationToken cancellation)
    {
        var result = new List<ScanFindingRecord>();
        var missing = new List<string>();
        foreach (var id in scanIds)
        {
            if (findingsCache.TryGet(id, out var cached))
            {
                result.AddRange(cached);
            }
            else
            {
                missing.Add(id);
            }
        }
        if (missing.Count > 0)
        {
            var loaded = await Db.Findings.AsNoTracking().Where(f => missing.Contains(f.ScanId)).ToListAsync(cancellation);
            foreach (var scan in loaded.GroupBy(f => f.ScanId))
            {
                findingsCache.Add(scan.Key, [.. scan]);
            }
            result.AddRange(loaded);
        }
        return result;
    }

    public Task AddDecisionsAsync(string productName, IReadOnlyList<TriageDecision> decisions, CancellationToken cancellation) =>
        CommitAsync("the decisions", decisions.Count == 0 ? ChangeScopes.Everything : ChangeScopes.Decisions(decisions[0].ProductId), () => Db.Decisions.AddRange(decisions), cancellation, [.. decisions.Select(d => new AuditEvent("triage.decide",
            $"{productName}: {d.VulnerabilityId} in {d.Component}", null, AuditJson.Of(
                ("decision", d.Id), ("state", d.State.Name()), ("justification", d.Justification?.Name()), ("response", d.Response?.Name()),
                ("detail", d.Detail), ("threat", d.ThreatReference), ("author", d.Author), ("componentVersion", d.ComponentVersion), ("source", d.Source))))]);

    /// <summary>A product's decisions, all of them kept in memory while none is added: a few per finding at most, and read whenever a decision changes its findings.</summary>
    public async Task<IReadOnlyList<TriageDecision>> DecisionsAsync(string productId, string? vulnerabilityId, CancellationToken cancellation)
    {
        var all = await reads.ReadAsync<IReadOnlyList<TriageDecision>>("decisions:" + productId, ChangeScopes.Decisions(productId), async () =>
            [.. (await Db.Decisions.AsNoTracking().Where(d => d.ProductId == productId).ToListAsync(cancellation)).OrderBy(d => d.DecidedAt).ThenBy(d => d.Id, StringComparer.Ordinal)]);
        return vulnerabilityId is null ? all! : [.. all!.Where(d => d.VulnerabilityId == vulnerabilityId)];
    }

    public async Task<NotificationRecord?> LastSentAsync(string scope, string stateKey, CancellationToken cancellation) =>
        (await Db.Notifications.AsNoTracking().Where(n => n.Scope == scope && n.StateKey == stateKey).ToListAsync(cancellation))
            .OrderBy(n => n.SentAt).LastOrDefault();

    public Task AddNotificationAsync(NotificationRecord record, CancellationToken cancellation) =>
        CommitAsync("the notification record", ChangeScopes.Records, () => Db.Notifications.Add(record), cancellation,
            new AuditEvent("notify.send", record.Scope, null, AuditJson.Of(("subject", record.Subject), ("recipients", record.Recipients))));

    public Task<User?> FindUserAsync(string name, CancellationToken cancellation) =>
        Db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Name == name, cancellation);

    public Task<User?> FindUserByIdAsync(string id, CancellationToken cancellation) =>
        Db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellation);

    public async Task<IReadOnlyList<User>> ListUsersAsync(CancellationToken cancellation) =>
        [.. (await Db.Users.AsNoTracking().ToListAsync(cancellation)).OrderBy(u => u.Name, StringComparer.Ordinal)];

    public Task AddUserAsync(User user, ApiToken token, CancellationToken cancellation) =>
        CommitAsync("the user", ChangeScopes.Identities, () =>
        {
            Db.Users.Add(user);
            Db.Tokens.Add(token);
        }, cancellation,
            new AuditEvent("user.add", user.Name, null, AuditJson.Of(("roles", RolesText(user.Roles)))),
            TokenIssued(user.Name, token));

    public async Task AddTokenAsync(ApiToken token, CancellationToken cancellation)
    {
        var user = await FindUserByIdAsync(token.UserId, cancellation);
        await CommitAsync("the token", ChangeScopes.Identities, () => Db.Tokens.Add(token), cancellation, TokenIssued(user?.Name ?? token.UserId, token));
    }

    public async Task<(ApiToken Token, User User)?> FindTokenHolderAsync(string sha256, CancellationToken cancellation)
    {
        var found = await reads.ReadAsync("token:" + sha256, ChangeScopes.Identities, () => Hot.TokenHolder(Db, sha256, cancellation));
        return found is null ? null : (found.Token, found.User);
    }

    public async Task<IReadOnlyList<ApiToken>> TokensOfAsync(string userId, CancellationToken cancellation) =>
        [.. (await Db.Tokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(cancellation)).OrderBy(t => t.CreatedAt)];

    public async Task UpdateUserAsync(User user, CancellationToken cancellation)
    {
        var before = await FindUserByIdAsync(user.Id, cancellation);
        await CommitAsync("the user", ChangeScopes.Identities, () => Db.Users.Update(user), cancellation, new AuditEvent("user.update", user.Name,
            before is null ? null : AuditJson.Of(("roles", RolesText(before.Roles)), ("disabled", before.Disabled ? "true" : "false")),
            AuditJson.Of(("roles", RolesText(user.Roles)), ("disabled", user.Disabled ? "true" : "false"))));
    }

    public async Task UpdateTokenAsync(ApiToken token, string what, CancellationToken cancellation)
    {
        var user = await FindUserByIdAsync(token.UserId, cancellation);
        await CommitAsync("the token", ChangeScopes.Identities, () => Db.Tokens.Update(token), cancellation, new AuditEvent("token.revoke", $"{user?.Name ?? token.UserId} {token.Prefix}",
            AuditJson.Of(("revokedAt", null)), AuditJson.Of(("revokedAt", token.RevokedAt?.ToString("O", CultureInfo.InvariantCulture)))));
    }

    public async Task SetPasswordAsync(User user, CancellationToken cancellation)
    {
        // A new password ends every session of the user: one opened with the old password must not outlive it.
        var sessions = await Db.BrowserSessions.Where(b => b.UserId == user.Id).ToListAsync(cancellation);
        await CommitAsync("the password", ChangeScopes.Identities, () =>
        {
            Db.Users.Update(user);
            Db.BrowserSessions.RemoveRange(sessions);
        }, cancellation, new AuditEvent("user.password", user.Name, null, AuditJson.Of(("password", user.PasswordHash is null ? "removed" : "set"),
            ("sessionsEnded", sessions.Count.ToString(CultureInfo.InvariantCulture)))));
    }

    public async Task AddSessionAsync(BrowserSession session, string userName, DateTimeOffset now, CancellationToken cancellation)
    {
        var expired = await Db.BrowserSessions.Where(b => b.ExpiresAt < now).ToListAsync(cancellation);
        await CommitAsync("the session", ChangeScopes.Identities, () =>
        {
            Db.BrowserSessions.RemoveRange(expired);
            Db.BrowserSessions.Add(session);
        }, cancellation, new AuditEvent("session.start", userName, null, AuditJson.Of(("session", session.Sha256[..12]), ("expiresAt", session.ExpiresAt.ToString("O", CultureInfo.InvariantCulture)))));
        Db.Entry(session).State = EntityState.Detached;
    }

    public Task<BrowserSession?> FindSessionAsync(string sha256, CancellationToken cancellation) =>
        Db.BrowserSessions.AsNoTracking().SingleOrDefaultAsync(b => b.Sha256 == sha256, cancellation);

    public Task RenewSessionAsync(string sha256, byte[] ticket, DateTimeOffset expiresAt, CancellationToken cancellation) =>
        Db.BrowserSessions.Where(b => b.Sha256 == sha256).ExecuteUpdateAsync(b => b.SetProperty(x => x.Ticket, ticket).SetProperty(x => x.ExpiresAt, expiresAt), cancellation);

    public async Task RemoveSessionAsync(string sha256, CancellationToken cancellation)
    {
        if (await Db.BrowserSessions.SingleOrDefaultAsync(b => b.Sha256 == sha256, cancellation) is not { } session)
        {
            return;
        }
        var user = await FindUserByIdAsync(session.UserId, cancellation);
        await CommitAsync("the session", ChangeScopes.Identities, () => Db.BrowserSessions.Remove(session), cancellation,
            new AuditEvent("session.end", user?.Name ?? session.UserId, AuditJson.Of(("session", sha256[..12])), null));
    }

    public Task RehashPasswordAsync(string userId, string hash, CancellationToken cancellation) =>
        Db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.PasswordHash, hash), cancellation);

    public IReadOnlyList<SessionKey> SessionKeys() => [.. Db.SessionKeys.AsNoTracking().OrderBy(k => k.CreatedAt)];

    public void AddSessionKey(SessionKey key)
    {
        // Not audited: a key is the server's own housekeeping, and its XML is a secret the audit log must not hold.
        Db.SessionKeys.Add(key);
        Db.SaveChanges();
        Db.Entry(key).State = EntityState.Detached;
    }

    public Task TouchTokenAsync(string tokenId, DateTimeOffset at, CancellationToken cancellation)
    {
        var millis = at.ToUnixTimeMilliseconds();
        return Db.Database.ExecuteSqlInterpolatedAsync($"UPDATE api_tokens SET last_used_at = {millis} WHERE id = {tokenId}", cancellation);
    }

    public async Task<IReadOnlyList<AuditEntry>> EntriesAsync(long fromSequence, int limit, CancellationToken cancellation) =>
        await Db.AuditLog.AsNoTracking().Where(a => a.Sequence >= fromSequence).OrderBy(a => a.Sequence).Take(limit).ToListAsync(cancellation);

    public async Task<bool> TryClaimAsync(ScheduledJob job, string period, string node, DateTimeOffset now, TimeSpan lease, CancellationToken cancellation)
    {
        // One statement, so the claim is atomic on both databases: a new period is inserted; a failed or abandoned
        // one is taken over; a running or finished one is left alone (no row changes, and the caller stands down).
        var (name, running, failed) = (ScheduleWords.Jobs[job], ScheduleWords.States[JobRunState.Running], ScheduleWords.States[JobRunState.Failed]);
        var (at, abandoned) = (now.ToUnixTimeMilliseconds(), (now - lease).ToUnixTimeMilliseconds());
        var changed = await Db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO job_runs (job, period, state, attempts, node, started_at) VALUES ({name}, {period}, {running}, 1, {node}, {at})
            ON CONFLICT (job, period) DO UPDATE SET state = {running}, attempts = job_runs.attempts + 1, node = {node}, started_at = {at},
              finished_at = NULL, message = NULL
            WHERE job_runs.state = {failed} OR (job_runs.state = {running} AND job_runs.started_at < {abandoned})
            """, cancellation);
        return changed == 1;
    }

    public Task FinishAsync(ScheduledJob job, string period, JobRunState state, string message, DateTimeOffset at, CancellationToken cancellation) =>
        Db.JobRuns.Where(r => r.Job == job && r.Period == period)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.State, state).SetProperty(x => x.Message, message).SetProperty(x => x.FinishedAt, at), cancellation);

    public async Task<IReadOnlyList<JobRun>> RecentRunsAsync(int limit, CancellationToken cancellation) =>
        [.. (await Db.JobRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(limit).ToListAsync(cancellation))];

    public async Task<IReadOnlyList<ProcessRecords.Attestation>> AttestationsAsync(CancellationToken cancellation) =>
        [.. (await Db.Attestations.AsNoTracking().ToListAsync(cancellation)).OrderBy(a => a.At).ThenBy(a => a.Id, StringComparer.Ordinal)];

    public Task AddAttestationAsync(ProcessRecords.Attestation attestation, CancellationToken cancellation) =>
        CommitAsync("the sign-off", ChangeScopes.Records, () => Db.Attestations.Add(attestation), cancellation, new AuditEvent("process.sign-off", attestation.Subject, null, AuditJson.Of(
            ("signOff", attestation.Id), ("kind", ProcessRecords.AttestationWords.Kinds[attestation.Kind]), ("person", attestation.Person), ("role", attestation.Role),
            ("result", attestation.Result), ("counterpart", attestation.Counterpart))));

    public async Task<IReadOnlyList<Cra.ReportingCase>> CasesAsync(string productId, CancellationToken cancellation) =>
        await Db.ReportingCases.AsNoTracking().Include(c => c.Submissions).Where(c => c.ProductId == productId).ToListAsync(cancellation);

    public Task AddCasesAsync(string productName, IReadOnlyList<Cra.ReportingCase> cases, CancellationToken cancellation) =>
        CommitAsync("the reporting cases", ChangeScopes.Records, () => Db.ReportingCases.AddRange(cases), cancellation, [.. cases.Select(c => new AuditEvent("cra.case-open",
            $"{productName}/{c.VulnerabilityId}", null, AuditJson.Of(("case", c.Id), ("awareAt", c.AwareAt.ToString("O")), ("evidence", Cra.CraWords.Evidence[c.Evidence]),
                ("detail", c.EvidenceDetail))))]);

    public Task SetFixAvailableAsync(string caseId, DateTimeOffset at, CancellationToken cancellation) =>
        CommitAsync("the reporting case", ChangeScopes.Records, () =>
        {
            var stored = Db.ReportingCases.Single(c => c.Id == caseId);
            stored.FixAvailableAt = at;
        }, cancellation, new AuditEvent("cra.fix-available", caseId, null, AuditJson.Of(("fixAvailableAt", at.ToString("O")))));

    public Task AddSubmissionAsync(string productName, string cve, Cra.ReportSubmission submission, CancellationToken cancellation) =>
        CommitAsync("the report submission", ChangeScopes.Records, () => Db.ReportSubmissions.Add(submission), cancellation, new AuditEvent("cra.report-submitted",
            $"{productName}/{cve}", null, AuditJson.Of(("case", submission.CaseId), ("stage", Cra.CraWords.Stages[submission.Stage]),
                ("submittedAt", submission.SubmittedAt.ToString("O")), ("reference", submission.Reference), ("recordedBy", submission.RecordedBy))));

    public async Task<IReadOnlyList<Cra.ExploitationMark>> MarksAsync(string productId, CancellationToken cancellation) =>
        await Db.ExploitationMarks.AsNoTracking().Where(m => m.ProductId == productId).ToListAsync(cancellation);

    public Task AddMarkAsync(string productName, Cra.ExploitationMark mark, CancellationToken cancellation) =>
        CommitAsync("the exploitation mark", ChangeScopes.Records, () => Db.ExploitationMarks.Add(mark), cancellation, new AuditEvent("cra.mark-exploited",
            $"{productName}/{mark.VulnerabilityId}", null, AuditJson.Of(("source", mark.Source), ("awareAt", mark.AwareAt.ToString("O")), ("markedBy", mark.MarkedBy))));

    public Task AddManifestCheckAsync(Integrity.ManifestCheck check, string releaseName, CancellationToken cancellation) =>
        CommitAsync("the manifest check", ChangeScopes.Records, () => Db.ManifestChecks.Add(check), cancellation, new AuditEvent("release.manifest-check", releaseName, null, AuditJson.Of(
            ("check", check.Id), ("manifestSha256", check.ManifestSha256), ("files", check.Files.ToString(CultureInfo.InvariantCulture)),
            ("signature", check.Signature is { } s ? Integrity.ManifestCheckWords.Statuses[s] : "none"), ("signer", check.SignerFingerprint))));

    public async Task<IReadOnlyList<Integrity.ManifestCheck>> ManifestChecksAsync(string releaseId, CancellationToken cancellation) =>
        [.. (await Db.ManifestChecks.AsNoTracking().Where(c => c.ReleaseId == releaseId).ToListAsync(cancellation)).OrderBy(c => c.CheckedAt).ThenBy(c => c.Id, StringComparer.Ordinal)];

    private static AuditEvent TokenIssued(string userName, ApiToken token) =>
        new("token.issue", $"{userName} {token.Prefix}", null, AuditJson.Of(("label", token.Label),
            ("expiresAt", token.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture))));

    private static string RolesText(IReadOnlyList<Role> roles) => string.Join(",", roles.Select(r => r.Name()));
}
