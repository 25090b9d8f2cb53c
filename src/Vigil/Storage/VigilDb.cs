using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Vigil.Audit;
using Vigil.Common;
using Vigil.History;
using Vigil.Identity;
using Vigil.Inventory;
using Vigil.Notifications;
using Vigil.Products;
using Vigil.Scanning;
using Vigil.Schedules;
using Vigil.Triage;

namespace Vigil.Storage;

/// <summary>
/// The team's records: products, releases, scan history. One model and one set of migrations for SQLite (the
/// default, a file in the data directory) and PostgreSQL (a team server). Keys are made by Vigil, not the
/// database, and times are stored as Unix milliseconds, so both behave the same.
/// </summary>
public sealed class VigilDb(DatabaseLocation location, Action<string>? notice = null) : DbContext(Options(location))
{
    /// <summary>How long a write waits for another writer before saying so, and in all (SQLite's busy timeout).</summary>
    private const int QuietWaitSeconds = 2, WriterWaitSeconds = 30;

    public DatabaseLocation Location { get; } = location;

    public DbSet<Product> Products => Set<Product>();

    public DbSet<ProductRelease> Releases => Set<ProductRelease>();

    public DbSet<ScanRecord> Scans => Set<ScanRecord>();

    public DbSet<ScanFindingRecord> Findings => Set<ScanFindingRecord>();

    public DbSet<TriageDecision> Decisions => Set<TriageDecision>();

    public DbSet<NotificationRecord> Notifications => Set<NotificationRecord>();

    public DbSet<User> Users => Set<User>();

    public DbSet<ApiToken> Tokens => Set<ApiToken>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<JobRun> JobRuns => Set<JobRun>();

    public DbSet<SessionKey> SessionKeys => Set<SessionKey>();

    public DbSet<BrowserSession> BrowserSessions => Set<BrowserSession>();

    public DbSet<ProcessRecords.Attestation> Attestations => Set<ProcessRecords.Attestation>();

    public DbSet<Integrity.ManifestCheck> ManifestChecks => Set<Integrity.ManifestCheck>();

    public DbSet<ReleaseInventory> Inventories => Set<ReleaseInventory>();

    public DbSet<Cra.ReportingCase> ReportingCases => Set<Cra.ReportingCase>();

    public DbSet<Cra.ReportSubmission> ReportSubmissions => Set<Cra.ReportSubmission>();

    public DbSet<Cra.ExploitationMark> ExploitationMarks => Set<Cra.ExploitationMark>();

    /// <summary>
    /// Makes a change and saves it in one transaction with its audit entries, appended to the chain: the change and
    /// its record are stored whole or not at all, and a failure is one line.
    /// </summary>
    /// <remarks>Cancelled (Ctrl-C, SIGTERM) before the commit, nothing is stored: the transaction is rolled back.</remarks>
    /// <param name="changed">The part of the database the change touches (<see cref="ChangeScopes"/>), announced to every listening server on commit.</param>
    /// <param name="afterSaving">Inserts of rows that refer to the saved ones (<see cref="RowInserter"/>), in the same transaction.</param>
    public async Task CommitAsync(string what, Action change, Actor actor, DateTimeOffset at, IReadOnlyList<AuditEvent> audit, string changed, CancellationToken cancellation,
        Func<CancellationToken, Task>? afterSaving = null)
    {
        await using var transaction = Location.IsPostgres
            // Network I/O: never block a thread on it (a server's readers would queue behind the blocked threads).
            ? await Database.BeginTransactionAsync(cancellation)
            : BeginSqliteWriting();
        change();
        try
        {
            if (Location.IsPostgres)
            {
                // The lock serializes the audit chain's appends; the NOTIFY is delivered only if this commits.
                await Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7362518), pg_notify({0}, {1})", [DatabaseChanges.Channel, changed], cancellation);
            }
            await AppendAuditAsync(actor, at, audit, cancellation);
            await SaveChangesAsync(cancellation);
            if (afterSaving is not null)
            {
                await afterSaving(cancellation);
            }
            cancellation.ThrowIfCancellationRequested();
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            ChangeTracker.Clear();
            throw;
        }
        // Rows inserted past EF Core (afterSaving) fail with the provider's own exception, untranslated.
        catch (Exception e) when (e is DbUpdateException or DbException)
        {
            ChangeTracker.Clear();
            var failure = e.InnerException as VigilException ?? DatabaseFailures.Explain(Location, e);
            throw new VigilException(failure.Kind, failure.Code, $"{what} could not be stored: {failure.Message}", e);
        }
    }

    /// <summary>
    /// Appends the entries after the chain's head. Appends are serialized, so the chain never forks: SQLite's write
    /// transaction already excludes every other writer; on PostgreSQL a transaction-scoped advisory lock taken first does.
    /// </summary>
    private async Task AppendAuditAsync(Actor actor, DateTimeOffset now, IReadOnlyList<AuditEvent> audit, CancellationToken cancellation)
    {
        if (audit.Count == 0)
        {
            return;
        }
        var head = await AuditLog.AsNoTracking().OrderByDescending(a => a.Sequence).Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(cancellation);
        var sequence = head?.Sequence ?? 0;
        var previous = head?.Hash ?? AuditEntry.Genesis;
        // Stored to the millisecond: the hash is taken over what is stored.
        var at = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        foreach (var e in audit)
        {
            sequence++;
            var hash = AuditEntry.HashOf(sequence, at, actor.Name, actor.Origin, e.Action, e.Subject, e.Before, e.After, previous);
            AuditLog.Add(new AuditEntry
            {
                Sequence = sequence, At = at, Actor = actor.Name, Origin = actor.Origin, Action = e.Action, Subject = e.Subject,
                Before = e.Before, After = e.After, PreviousHash = previous, Hash = hash,
            });
            previous = hash;
        }
    }

    /// <summary>
    /// A write transaction. SQLite takes the write lock at its start (BEGIN IMMEDIATE); when another process holds it
    /// for more than a moment, the wait is announced, and it ends after 30 s with the one-line "busy" error.
    /// </summary>
    private Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction BeginSqliteWriting()
    {
        // Microsoft.Data.Sqlite retries a busy statement until the connection's timeout; that bounds the wait.
        Database.OpenConnection();
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)Database.GetDbConnection();
        connection.DefaultTimeout = QuietWaitSeconds;
        try
        {
            return Database.BeginTransaction();
        }
        catch (Exception e) when (IsBusy(e))
        {
            notice?.Invoke($"waiting (up to {WriterWaitSeconds} s) for another vigil process writing to {Location.Display}");
            connection.DefaultTimeout = WriterWaitSeconds;
            try
            {
                return Database.BeginTransaction();
            }
            catch (Exception again) when (IsBusy(again))
            {
                throw DatabaseFailures.Explain(Location, again);
            }
        }
        finally
        {
            connection.DefaultTimeout = WriterWaitSeconds;
        }
    }

    private static bool IsBusy(Exception e) =>
        e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 } || (e.InnerException is { } inner && IsBusy(inner));

    private static DbContextOptions<VigilDb> Options(DatabaseLocation location)
    {
        var builder = new DbContextOptionsBuilder<VigilDb>();
        builder.AddInterceptors(new DatabaseFailures.Translator(location));
        if (location.IsPostgres)
        {
            builder.UseNpgsql(location.ConnectionString);
        }
        else
        {
            builder.UseSqlite(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(location.ConnectionString) { ForeignKeys = true }.ConnectionString);
        }
        // Migrations are written by hand to stay provider-neutral, so there is no model snapshot to compare with.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        return builder.Options;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var time = new ValueConverter<DateTimeOffset, long>(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));

        modelBuilder.Entity<Product>(e =>
        {
            e.ToTable("products");
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).HasColumnName("id");
            e.Property(p => p.Name).HasColumnName("name");
            e.Property(p => p.Description).HasColumnName("description");
            e.Property(p => p.CreatedAt).HasColumnName("created_at").HasConversion(time);
            e.HasIndex(p => p.Name).IsUnique();
            e.HasMany(p => p.Releases).WithOne(r => r.Product).HasForeignKey(r => r.ProductId);
        });
        modelBuilder.Entity<ProductRelease>(e =>
        {
            e.ToTable("releases");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).HasColumnName("id");
            e.Property(r => r.ProductId).HasColumnName("product_id");
            e.Property(r => r.Name).HasColumnName("name");
            // Enums in code, today's words in the columns: no data migration.
            e.Property(r => r.PackagesKind).HasColumnName("packages_kind")
                .HasConversion(new ValueConverter<Inventory.PackageInventoryKind, string>(k => k.Name(), s => InventoryKindNames.ParsePackageInventoryKind(s)));
            e.Property(r => r.PackagesPath).HasColumnName("packages_path");
            e.Property(r => r.DebianRelease).HasColumnName("debian_release");
            e.Property(r => r.KernelVersion).HasColumnName("kernel_version");
            e.Property(r => r.KernelPackageVersion).HasColumnName("kernel_package_version");
            e.Property(r => r.KernelGitRepo).HasColumnName("kernel_git_repo");
            e.Property(r => r.KernelGitRef).HasColumnName("kernel_git_ref");
            e.Property(r => r.KernelBuildKind).HasColumnName("kernel_build_kind")
                .HasConversion(new ValueConverter<Inventory.KernelBuildKind, string>(k => k.Name(), s => InventoryKindNames.ParseKernelBuildKind(s)));
            e.Property(r => r.KernelBuildPath).HasColumnName("kernel_build_path");
            e.Property(r => r.CreatedAt).HasColumnName("created_at").HasConversion(time);
            e.HasIndex(r => new { r.ProductId, r.Name }).IsUnique();
        });
        modelBuilder.Entity<ScanRecord>(e =>
        {
            e.ToTable("scans");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).HasColumnName("id");
            e.Property(s => s.ReleaseId).HasColumnName("release_id");
            e.Property(s => s.Kind).HasColumnName("kind")
                .HasConversion(new ValueConverter<Scanning.ScanKind, string>(k => k.Name(), s => ScanKindNames.Parse(s)));
            e.Property(s => s.ScannedAt).HasColumnName("scanned_at").HasConversion(time);
            e.Property(s => s.Target).HasColumnName("target");
            e.Property(s => s.InventorySha256).HasColumnName("inventory_sha256");
            e.Property(s => s.FeedSha256).HasColumnName("feed_sha256");
            e.Property(s => s.FeedDataAsOf).HasColumnName("feed_data_as_of").HasConversion(time);
            e.Property(s => s.OpenCount).HasColumnName("open_count");
            e.HasIndex(s => new { s.ReleaseId, s.Kind, s.ScannedAt });
            e.HasOne<ProductRelease>().WithMany().HasForeignKey(s => s.ReleaseId);
            e.HasMany(s => s.Findings).WithOne().HasForeignKey(f => f.ScanId);
        });
        modelBuilder.Entity<ScanFindingRecord>(e =>
        {
            e.ToTable("scan_findings");
            e.HasKey(f => f.Id);
            e.Property(f => f.Id).HasColumnName("id");
            e.Property(f => f.ScanId).HasColumnName("scan_id");
            e.Property(f => f.VulnerabilityId).HasColumnName("vulnerability_id");
            e.Property(f => f.Component).HasColumnName("component");
            e.Property(f => f.InstalledVersion).HasColumnName("installed_version");
            e.Property(f => f.FixedVersion).HasColumnName("fixed_version");
            e.Property(f => f.Status).HasColumnName("status")
                .HasConversion(new ValueConverter<FindingStatus, string>(v => FindingStatuses.Words[v], s => FindingStatuses.Words.Parse(s, "stored finding status")));
            e.Property(f => f.Severity).HasColumnName("severity");
            e.Property(f => f.EvidenceSha256).HasColumnName("evidence_sha256");
            e.Property(f => f.Summary).HasColumnName("summary");
            e.Property(f => f.Scope).HasColumnName("scope");
            e.Property(f => f.ProgramFiles).HasColumnName("program_files");
            e.Property(f => f.Cvss).HasColumnName("cvss");
            e.Property(f => f.Reason).HasColumnName("reason");
            e.HasIndex(f => f.ScanId);
        });
        var optionalTime = new ValueConverter<DateTimeOffset?, long?>(
            v => v.HasValue ? v.Value.ToUnixTimeMilliseconds() : null,
            v => v.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(v.Value) : null);
        modelBuilder.Entity<TriageDecision>(e =>
        {
            e.ToTable("triage_decisions");
            e.HasKey(d => d.Id);
            e.Property(d => d.Id).HasColumnName("id");
            e.Property(d => d.ProductId).HasColumnName("product_id");
            e.Property(d => d.VulnerabilityId).HasColumnName("vulnerability_id");
            e.Property(d => d.Component).HasColumnName("component");
            e.Property(d => d.State).HasColumnName("state")
                .HasConversion(new ValueConverter<TriageState, string>(v => TriageWords.States[v], s => TriageWords.States.Parse(s, "stored triage state")));
            e.Property(d => d.Justification).HasColumnName("justification")
                .HasConversion(new ValueConverter<TriageJustification, string>(v => TriageWords.Justifications[v], s => TriageWords.Justifications.Parse(s, "stored justification")));
            e.Property(d => d.Response).HasColumnName("response")
                .HasConversion(new ValueConverter<TriageResponse, string>(v => TriageWords.Responses[v], s => TriageWords.Responses.Parse(s, "stored response")));
            e.Property(d => d.Detail).HasColumnName("detail");
            e.Property(d => d.ThreatReference).HasColumnName("threat_reference");
            e.Property(d => d.Author).HasColumnName("author");
            e.Property(d => d.DecidedAt).HasColumnName("decided_at").HasConversion(time);
            e.Property(d => d.ExpiresAt).HasColumnName("expires_at").HasConversion(optionalTime);
            e.Property(d => d.ComponentVersion).HasColumnName("component_version");
            e.Property(d => d.EvidenceSha256).HasColumnName("evidence_sha256");
            e.Property(d => d.Source).HasColumnName("source");
            e.HasIndex(d => new { d.ProductId, d.Component, d.VulnerabilityId, d.DecidedAt });
            e.HasOne<Product>().WithMany().HasForeignKey(d => d.ProductId);
        });
        modelBuilder.Entity<NotificationRecord>(e =>
        {
            e.ToTable("notifications");
            e.HasKey(n => n.Id);
            e.Property(n => n.Id).HasColumnName("id");
            e.Property(n => n.Subject).HasColumnName("subject");
            e.Property(n => n.Scope).HasColumnName("scope");
            e.Property(n => n.StateKey).HasColumnName("state_key");
            e.Property(n => n.Recipients).HasColumnName("recipients");
            e.Property(n => n.SentAt).HasColumnName("sent_at").HasConversion(time);
            e.HasIndex(n => new { n.Scope, n.StateKey });
        });
        modelBuilder.Entity<User>(e =>
        {
            e.ToTable("users");
            e.HasKey(u => u.Id);
            e.Property(u => u.Id).HasColumnName("id");
            e.Property(u => u.Name).HasColumnName("name");
            e.Property(u => u.Roles).HasColumnName("roles").HasConversion(new ValueConverter<IReadOnlyList<Role>, string>(
                v => string.Join(",", v.Select(r => Roles.Words[r])),
                s => s.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(w => Roles.Words.Parse(w, "stored role")).ToList()),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<IReadOnlyList<Role>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, r) => (h * 31) + (int)r), v => v.ToList()));
            e.Property(u => u.CreatedAt).HasColumnName("created_at").HasConversion(time);
            e.Property(u => u.Disabled).HasColumnName("disabled");
            e.Property(u => u.PasswordHash).HasColumnName("password_hash");
            e.HasIndex(u => u.Name).IsUnique();
        });
        modelBuilder.Entity<ApiToken>(e =>
        {
            e.ToTable("api_tokens");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).HasColumnName("id");
            e.Property(t => t.UserId).HasColumnName("user_id");
            e.Property(t => t.Label).HasColumnName("label");
            e.Property(t => t.Prefix).HasColumnName("prefix");
            e.Property(t => t.Sha256).HasColumnName("sha256");
            e.Property(t => t.CreatedAt).HasColumnName("created_at").HasConversion(time);
            e.Property(t => t.ExpiresAt).HasColumnName("expires_at").HasConversion(optionalTime);
            e.Property(t => t.RevokedAt).HasColumnName("revoked_at").HasConversion(optionalTime);
            e.Property(t => t.LastUsedAt).HasColumnName("last_used_at").HasConversion(optionalTime);
            e.HasIndex(t => t.Sha256).IsUnique();
            e.HasOne<User>().WithMany().HasForeignKey(t => t.UserId);
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_log");
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).HasColumnName("sequence").ValueGeneratedNever();
            e.Property(a => a.At).HasColumnName("at").HasConversion(time);
            e.Property(a => a.Actor).HasColumnName("actor");
            e.Property(a => a.Origin).HasColumnName("origin");
            e.Property(a => a.Action).HasColumnName("action");
            e.Property(a => a.Subject).HasColumnName("subject");
            e.Property(a => a.Before).HasColumnName("before");
            e.Property(a => a.After).HasColumnName("after");
            e.Property(a => a.PreviousHash).HasColumnName("previous_hash");
            e.Property(a => a.Hash).HasColumnName("hash");
        });
        modelBuilder.Entity<JobRun>(e =>
        {
            e.ToTable("job_runs");
            e.HasKey(r => new { r.Job, r.Period });
            e.Property(r => r.Job).HasColumnName("job")
                .HasConversion(new ValueConverter<ScheduledJob, string>(v => ScheduleWords.Jobs[v], s => ScheduleWords.Jobs.Parse(s, "stored job")));
            e.Property(r => r.Period).HasColumnName("period");
            e.Property(r => r.State).HasColumnName("state")
                .HasConversion(new ValueConverter<JobRunState, string>(v => ScheduleWords.States[v], s => ScheduleWords.States.Parse(s, "stored job state")));
            e.Property(r => r.Attempts).HasColumnName("attempts");
            e.Property(r => r.Node).HasColumnName("node");
            e.Property(r => r.StartedAt).HasColumnName("started_at").HasConversion(time);
            e.Property(r => r.FinishedAt).HasColumnName("finished_at").HasConversion(optionalTime);
            e.Property(r => r.Message).HasColumnName("message");
        });
        modelBuilder.Entity<SessionKey>(e =>
        {
            e.ToTable("session_keys");
            e.HasKey(k => k.Id);
            e.Property(k => k.Id).HasColumnName("id");
            e.Property(k => k.Xml).HasColumnName("xml");
            e.Property(k => k.CreatedAt).HasColumnName("created_at").HasConversion(time);
        });
        modelBuilder.Entity<BrowserSession>(e =>
        {
            e.ToTable("browser_sessions");
            e.HasKey(b => b.Sha256);
            e.Property(b => b.Sha256).HasColumnName("sha256");
            e.Property(b => b.UserId).HasColumnName("user_id");
            e.Property(b => b.Ticket).HasColumnName("ticket");
            e.Property(b => b.ExpiresAt).HasColumnName("expires_at").HasConversion(time);
            e.HasOne<User>().WithMany().HasForeignKey(b => b.UserId);
        });
        modelBuilder.Entity<ProcessRecords.Attestation>(e =>
        {
            e.ToTable("process_attestations");
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).HasColumnName("id");
            e.Property(a => a.Kind).HasColumnName("kind").HasConversion(new ValueConverter<ProcessRecords.AttestationKind, string>(
                v => ProcessRecords.AttestationWords.Kinds[v], s => ProcessRecords.AttestationWords.Kinds.Parse(s, "stored sign-off kind")));
            e.Property(a => a.Subject).HasColumnName("subject");
            e.Property(a => a.Person).HasColumnName("person");
            e.Property(a => a.Role).HasColumnName("role");
            e.Property(a => a.Result).HasColumnName("result");
            e.Property(a => a.Counterpart).HasColumnName("counterpart");
            e.Property(a => a.At).HasColumnName("at").HasConversion(time);
        });
        modelBuilder.Entity<Cra.ReportingCase>(e =>
        {
            e.ToTable("reporting_cases");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).HasColumnName("id");
            e.Property(c => c.ProductId).HasColumnName("product_id");
            e.Property(c => c.VulnerabilityId).HasColumnName("vulnerability_id");
            e.Property(c => c.AwareAt).HasColumnName("aware_at").HasConversion(time);
            e.Property(c => c.Evidence).HasColumnName("evidence").HasConversion(new ValueConverter<Cra.ExploitationEvidence, string>(
                v => Cra.CraWords.Evidence[v], s => Cra.CraWords.Evidence.Parse(s, "stored exploitation evidence")));
            e.Property(c => c.EvidenceDetail).HasColumnName("evidence_detail");
            e.Property(c => c.OpenedAt).HasColumnName("opened_at").HasConversion(time);
            e.Property(c => c.FixAvailableAt).HasColumnName("fix_available_at").HasConversion(optionalTime);
            e.HasIndex(c => new { c.ProductId, c.VulnerabilityId }).IsUnique();
            e.HasOne<Product>().WithMany().HasForeignKey(c => c.ProductId);
            e.HasMany(c => c.Submissions).WithOne().HasForeignKey(s => s.CaseId);
        });
        modelBuilder.Entity<Cra.ReportSubmission>(e =>
        {
            e.ToTable("report_submissions");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).HasColumnName("id");
            e.Property(s => s.CaseId).HasColumnName("case_id");
            e.Property(s => s.Stage).HasColumnName("stage").HasConversion(new ValueConverter<Cra.ReportStage, string>(
                v => Cra.CraWords.Stages[v], s => Cra.CraWords.Stages.Parse(s, "stored report stage")));
            e.Property(s => s.SubmittedAt).HasColumnName("submitted_at").HasConversion(time);
            e.Property(s => s.Reference).HasColumnName("reference");
            e.Property(s => s.RecordedBy).HasColumnName("recorded_by");
            e.Property(s => s.RecordedAt).HasColumnName("recorded_at").HasConversion(time);
            e.HasIndex(s => s.CaseId);
        });
        modelBuilder.Entity<Cra.ExploitationMark>(e =>
        {
            e.ToTable("exploitation_marks");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).HasColumnName("id");
            e.Property(m => m.ProductId).HasColumnName("product_id");
            e.Property(m => m.VulnerabilityId).HasColumnName("vulnerability_id");
            e.Property(m => m.Source).HasColumnName("source");
            e.Property(m => m.AwareAt).HasColumnName("aware_at").HasConversion(time);
            e.Property(m => m.MarkedBy).HasColumnName("marked_by");
            e.Property(m => m.MarkedAt).HasColumnName("marked_at").HasConversion(time);
            e.HasIndex(m => m.ProductId);
            e.HasOne<Product>().WithMany().HasForeignKey(m => m.ProductId);
        });
        modelBuilder.Entity<Integrity.ManifestCheck>(e =>
        {
            e.ToTable("manifest_checks");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).HasColumnName("id");
            e.Property(c => c.ReleaseId).HasColumnName("release_id");
            e.Property(c => c.ManifestSha256).HasColumnName("manifest_sha256");
            e.Property(c => c.Algorithm).HasColumnName("algorithm").HasConversion(new ValueConverter<Integrity.ManifestAlgorithm, string>(
                v => Integrity.ManifestCheckWords.Algorithms[v], s => Integrity.ManifestCheckWords.Algorithms.Parse(s, "stored manifest algorithm")));
            e.Property(c => c.Files).HasColumnName("files");
            e.Property(c => c.Signature).HasColumnName("signature").HasConversion(new ValueConverter<Integrity.SignatureStatus?, string?>(
                v => v.HasValue ? Integrity.ManifestCheckWords.Statuses[v.Value] : null,
                s => s == null ? null : Integrity.ManifestCheckWords.Statuses.Parse(s, "stored signature status")));
            e.Property(c => c.SignerFingerprint).HasColumnName("signer_fingerprint");
            e.Property(c => c.SignerUserId).HasColumnName("signer_user_id");
            e.Property(c => c.Message).HasColumnName("message");
            e.Property(c => c.CheckedAt).HasColumnName("checked_at").HasConversion(time);
            e.Ignore(c => c.Holds);
            e.HasIndex(c => c.ReleaseId);
            e.HasOne<ProductRelease>().WithMany().HasForeignKey(c => c.ReleaseId);
        });
        modelBuilder.Entity<ReleaseInventory>(e =>
        {
            e.ToTable("release_inventories");
            e.HasKey(i => i.ReleaseId);
            e.Property(i => i.ReleaseId).HasColumnName("release_id");
            e.Property(i => i.Content).HasColumnName("content");
            e.Property(i => i.Sha256).HasColumnName("sha256");
            e.Property(i => i.UploadedAt).HasColumnName("uploaded_at").HasConversion(time);
            e.HasOne<ProductRelease>().WithMany().HasForeignKey(i => i.ReleaseId);
        });
    }
}
