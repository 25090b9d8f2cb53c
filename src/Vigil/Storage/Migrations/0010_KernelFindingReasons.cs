using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Storage.Migrations;

/// <summary>A kernel finding keeps the scan's reason (backport commit, files not built, version rule), so a finding's page can say why without scanning again.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261127000010_KernelFindingReasons")]
public sealed class KernelFindingReasons : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddColumn<string>("reason", "scan_findings", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("reason", "scan_findings");
}
