using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Storage.Migrations;

/// <summary>Users with their roles, API tokens (their SHA-256 only), and the hash-chained audit log.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261126000004_IdentityAndAudit")]
public sealed class IdentityAndAudit : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "users",
            columns: t => new
            {
                id = t.Column<string>(nullable: false),
                name = t.Column<string>(nullable: false),
                roles = t.Column<string>(nullable: false),
                created_at = t.Column<long>(nullable: false),
                disabled = t.Column<bool>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_users", x => x.id));
        migrationBuilder.CreateIndex("ix_users_name", "users", "name", unique: true);
        migrationBuilder.CreateTable(
            name: "api_tokens",
            columns: t => new
            {
                id = t.Column<string>(nullable: false),
                user_id = t.Column<string>(nullable: false),
                label = t.Column<string>(nullable: false),
                prefix = t.Column<string>(nullable: false),
                sha256 = t.Column<string>(nullable: false),
                created_at = t.Column<long>(nullable: false),
                expires_at = t.Column<long>(nullable: true),
                revoked_at = t.Column<long>(nullable: true),
                last_used_at = t.Column<long>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_api_tokens", x => x.id);
                t.ForeignKey("fk_api_tokens_users", x => x.user_id, "users", "id");
            });
        migrationBuilder.CreateIndex("ix_api_tokens_sha256", "api_tokens", "sha256", unique: true);
        migrationBuilder.CreateIndex("ix_api_tokens_user", "api_tokens", "user_id");
        migrationBuilder.CreateTable(
            name: "audit_log",
            columns: t => new
            {
                sequence = t.Column<long>(nullable: false),
                at = t.Column<long>(nullable: false),
                actor = t.Column<string>(nullable: false),
                origin = t.Column<string>(nullable: false),
                action = t.Column<string>(nullable: false),
                subject = t.Column<string>(nullable: false),
                before = t.Column<string>(nullable: true),
                after = t.Column<string>(nullable: true),
                previous_hash = t.Column<string>(nullable: false),
                hash = t.Column<string>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_audit_log", x => x.sequence));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("audit_log");
        migrationBuilder.DropTable("api_tokens");
        migrationBuilder.DropTable("users");
    }
}
