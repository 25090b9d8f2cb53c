using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Storage.Migrations;

/// <summary>Local passwords (their hashes), browser sessions, and the keys that protect their cookies, shared by every server.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261126000006_LocalPasswordsAndSessionKeys")]
public sealed class LocalPasswordsAndSessionKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "password_hash", table: "users", nullable: true);
        migrationBuilder.CreateTable(
            name: "session_keys",
            columns: t => new
            {
                id = t.Column<string>(nullable: false),
                xml = t.Column<string>(nullable: false),
                created_at = t.Column<long>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_session_keys", x => x.id));
        migrationBuilder.CreateTable(
            name: "browser_sessions",
            columns: t => new
            {
                sha256 = t.Column<string>(nullable: false),
                user_id = t.Column<string>(nullable: false),
                ticket = t.Column<byte[]>(nullable: false),
                expires_at = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_browser_sessions", x => x.sha256);
                t.ForeignKey("fk_browser_sessions_users", x => x.user_id, "users", "id");
            });
        migrationBuilder.CreateIndex("ix_browser_sessions_user", "browser_sessions", "user_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("browser_sessions");
        migrationBuilder.DropTable("session_keys");
        migrationBuilder.DropColumn(name: "password_hash", table: "users");
    }
}
