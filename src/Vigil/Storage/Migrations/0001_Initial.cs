using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Storage.Migrations;

/// <summary>
/// Products, releases and scan history. Written by hand without column types, so each provider maps the CLR types
/// itself (TEXT/INTEGER on SQLite, text/bigint on PostgreSQL) and one migration serves both.
/// </summary>
[DbContext(typeof(VigilDb))]
[Migration("20261124000001_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "products",
            columns: t => new
            {
                id = t.Column<string>(nullable: false),
                name = t.Column<string>(nullable: false),
                description = t.Column<string>(nullable: true),
                created_at = t.Column<long>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_products", x => x.id));
        migrationBuilder.CreateIndex("ix_products_name", "products", "name", unique: true);

        migrationBuilder.CreateTable(
            name: "releases",
            columns: t => new
            {
                id = t.Column<string>(nullable: false),
                product_id = t.Column<string>(nullable: false),
                name = t.Column<string>(nullable: false),
                packages_kind = t.Column<string>(nullable: true),
                packages_path = t.Column<string>(nullable: true),
                debian_release = t.Column<string>(nullable: true),
                kernel_version = t.Column<string>(nullable: true),
                kernel_package_version = t.Column<string>(nullable: true),
                kernel_git_repo = t.Column<string>(nullable: true),
                kernel_git_ref = t.Column<string>(nullable: true),
                kernel_build_kind = t.Column<string>(nullable: true),
                kernel_build_path = t.Column<string>(nullable: true),
                created_at = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_releases", x => x.id);
                t.ForeignKey("fk_releases_products", x => x.product_id, "products", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_releases_product_name", "releases", ["product_id", "name"], unique: true);

        migrationBuilder.CreateTable(
            name: "scans",
            columns: t => new
            {
                id = t.Column<string>(nullable: false),
                release_id = t.Column<string>(nullable: false),
                kind = t.Column<string>(nullable: false),
                scanned_at = t.Column<long>(nullable: false),
                target = t.Column<string>(nullable: false),
                inventory_sha256 = t.Column<string>(nullable: false),
                feed_sha256 = t.Column<string>(nullable: false),
                feed_data_as_of = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_scans", x => x.id);
                t.ForeignKey("fk_scans_releases", x => x.release_id, "releases", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_scans_release_kind_time", "scans", ["release_id", "kind", "scanned_at"]);

        migrationBuilder.CreateTable(
            name: "scan_findings",
            columns: t => new
            {
                id = t.Column<string>(nullable: false),
                scan_id = t.Column<string>(nullable: false),
                vulnerability_id = t.Column<string>(nullable: false),
                component = t.Column<string>(nullable: false),
                installed_version = t.Column<string>(nullable: false),
                fixed_version = t.Column<string>(nullable: true),
                status = t.Column<string>(nullable: false),
                severity = t.Column<string>(nullable: false),
                evidence_sha256 = t.Column<string>(nullable: false),
                summary = t.Column<string>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_scan_findings", x => x.id);
                t.ForeignKey("fk_scan_findings_scans", x => x.scan_id, "scans", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_scan_findings_scan", "scan_findings", "scan_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("scan_findings");
        migrationBuilder.DropTable("scans");
        migrationBuilder.DropTable("releases");
        migrationBuilder.DropTable("products");
    }
}
