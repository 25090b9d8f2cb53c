using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Storage.Migrations;

/// <summary>Triage decisions (append-only history) and the finding details risk policies look at.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261124000002_Triage")]
public sealed class Triage : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("scope", "scan_findings", nullable: true);
        migrationBuilder.AddColumn<string>("program_files", "scan_findings", nullable: true);
        migrationBuilder.AddColumn<double>("cvss", "scan_findings", nullable: true);
        migrationBuilder.CreateTable(
            name: "triage_decisions",
            columns: t => new
            {
                id = t.Column<string>(nullable: false),
                product_id = t.Column<string>(nullable: false),
                vulnerability_id = t.Column<string>(nullable: false),
                component = t.Column<string>(nullable: false),
                state = t.Column<string>(nullable: false),
                justification = t.Column<string>(nullable: true),
                response = t.Column<string>(nullable: true),
                detail = t.Column<string>(nullable: false),
                threat_reference = t.Column<string>(nullable: true),
                author = t.Column<string>(nullable: false),
                decided_at = t.Column<long>(nullable: false),
                expires_at = t.Column<long>(nullable: true),
                component_version = t.Column<string>(nullable: true),
                evidence_sha256 = t.Column<string>(nullable: true),
                source = t.Column<string>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_triage_decisions", x => x.id);
                t.ForeignKey("fk_triage_decisions_products", x => x.product_id, "products", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_triage_decisions_key", "triage_decisions", ["product_id", "component", "vulnerability_id", "decided_at"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("triage_decisions");
        migrationBuilder.DropColumn("cvss", "scan_findings");
        migrationBuilder.DropColumn("program_files", "scan_findings");
        migrationBuilder.DropColumn("scope", "scan_findings");
    }
}
