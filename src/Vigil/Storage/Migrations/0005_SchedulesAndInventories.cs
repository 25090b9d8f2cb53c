using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Storage.Migrations;

/// <summary>The claims and outcomes of scheduled runs, and each release's last uploaded inventory (for rescans).</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261126000005_SchedulesAndInventories")]
public sealed class SchedulesAndInventories : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "job_runs",
            columns: t => new
            {
                job = t.Column<string>(nullable: false),
                period = t.Column<string>(nullable: false),
                state = t.Column<string>(nullable: false),
                attempts = t.Column<int>(nullable: false),
                node = t.Column<string>(nullable: false),
                started_at = t.Column<long>(nullable: false),
                finished_at = t.Column<long>(nullable: true),
                message = t.Column<string>(nullable: true),
            },
            constraints: t => t.PrimaryKey("pk_job_runs", x => new { x.job, x.period }));
        migrationBuilder.CreateIndex("ix_job_runs_started_at", "job_runs", "started_at");
        migrationBuilder.CreateTable(
            name: "release_inventories",
            columns: t => new
            {
                release_id = t.Column<string>(nullable: false),
                content = t.Column<byte[]>(nullable: false),
                sha256 = t.Column<string>(nullable: false),
                uploaded_at = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_release_inventories", x => x.release_id);
                t.ForeignKey("fk_release_inventories_releases", x => x.release_id, "releases", "id");
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("release_inventories");
        migrationBuilder.DropTable("job_runs");
    }
}
