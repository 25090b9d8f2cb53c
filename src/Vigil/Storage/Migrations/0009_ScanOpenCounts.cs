using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Storage.Migrations;

/// <summary>Each scan keeps how many findings it left open, so the weekly trend reads scans, not millions of findings; earlier scans are counted once here.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261127000009_ScanOpenCounts")]
public sealed class ScanOpenCounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("open_count", "scans", nullable: false, defaultValue: 0);
        migrationBuilder.Sql("UPDATE scans SET open_count = (SELECT COUNT(*) FROM scan_findings f WHERE f.scan_id = scans.id AND f.status IN ('open', 'affected', 'needs-review'))");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("open_count", "scans");
}
