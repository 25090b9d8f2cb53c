using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Storage.Migrations;

/// <summary>CRA Article 14 reporting cases, the reports sent for them, and vulnerabilities marked actively exploited.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261127000011_ReportingCases")]
public sealed class ReportingCases : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "reporting_cases",
            columns: t => new
            {
                id = t.Column<string>(nullable: false),
                product_id = t.Column<string>(nullable: false),
                vulnerability_id = t.Column<string>(nullable: false),
                aware_at = t.Column<long>(nullable: false),
                evidence = t.Column<string>(nullable: false),
                evidence_detail = t.Column<string>(nullable: false),
                opened_at = t.Column<long>(nullable: false),
                fix_available_at = t.Column<long>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_reporting_cases", x => x.id);
                t.ForeignKey("fk_reporting_cases_products", x => x.product_id, "products", "id");
            });
        migrationBuilder.CreateIndex("ix_reporting_cases_product_vulnerability", "reporting_cases", ["product_id", "vulnerability_id"], unique: true);
        migrationBuilder.CreateTable(
            name: "report_submissions",
            columns: t => new
            {
                id = t.Column<string>(nullable: false),
                case_id = t.Column<string>(nullable: false),
                stage = t.Column<string>(nullable: false),
                submitted_at = t.Column<long>(nullable: false),
                reference = t.Column<string>(nullable: false),
                recorded_by = t.Column<string>(nullable: false),
                recorded_at = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_report_submissions", x => x.id);
                t.ForeignKey("fk_report_submissions_cases", x => x.case_id, "reporting_cases", "id");
            });
        migrationBuilder.CreateIndex("ix_report_submissions_case", "report_submissions", "case_id");
        migrationBuilder.CreateTable(
            name: "exploitation_marks",
            columns: t => new
            {
                id = t.Column<string>(nullable: false),
                product_id = t.Column<string>(nullable: false),
                vulnerability_id = t.Column<string>(nullable: false),
                source = t.Column<string>(nullable: false),
                aware_at = t.Column<long>(nullable: false),
                marked_by = t.Column<string>(nullable: false),
                marked_at = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_exploitation_marks", x => x.id);
                t.ForeignKey("fk_exploitation_marks_products", x => x.product_id, "products", "id");
            });
        migrationBuilder.CreateIndex("ix_exploitation_marks_product", "exploitation_marks", "product_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("report_submissions");
        migrationBuilder.DropTable("reporting_cases");
        migrationBuilder.DropTable("exploitation_marks");
    }
}
