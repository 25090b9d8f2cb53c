using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Storage.Migrations;

/// <summary>Release manifests checked by the server against the release keys, kept as the release's evidence.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261126000008_ManifestChecks")]
public sealed class ManifestChecks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "manifest_checks",
            columns: t => new
            {
                id = t.Column<string>(nullable: false),
                release_id = t.Column<string>(nullable: false),
                manifest_sha256 = t.Column<string>(nullable: false),
                algorithm = t.Column<string>(nullable: false),
                files = t.Column<int>(nullable: false),
                signature = t.Column<string>(nullable: true),
                signer_fingerprint = t.Column<string>(nullable: true),
                signer_user_id = t.Column<string>(nullable: true),
                message = t.Column<string>(nullable: false),
                checked_at = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_manifest_checks", x => x.id);
                t.ForeignKey("fk_manifest_checks_releases", x => x.release_id, "releases", "id");
            });
        migrationBuilder.CreateIndex("ix_manifest_checks_release", "manifest_checks", "release_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("manifest_checks");
}
