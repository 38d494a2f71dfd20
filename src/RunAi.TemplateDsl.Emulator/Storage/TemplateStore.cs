using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace RunAi.TemplateDsl.Emulator.Storage;

/// <summary>What a write did.</summary>
internal enum WriteOutcome
{
    Done,
    NotFound,
    Conflict,

    /// <summary>The change refused the template it would make (an update that breaks the rule catalog); nothing was written.</summary>
    Rejected,
}

/// <summary>The list query, already parsed: the nine filters of the API plus the project hierarchy they need.</summary>
internal sealed record TemplateQuery
{
    public string? Name { get; init; }

    public string? Scope { get; init; }

    public int? ProjectId { get; init; }

    public string? DepartmentId { get; init; }

    public string? ClusterId { get; init; }

    public string? DistributedFramework { get; init; }

    public bool? IsDistributed { get; init; }

    public bool? IsTraining { get; init; }

    public bool? IsWorkspace { get; init; }

    /// <summary>The department of <see cref="ProjectId"/>, when the emulator knows it.</summary>
    public string? ProjectDepartmentId { get; init; }

    /// <summary>The cluster of <see cref="ProjectId"/> or <see cref="DepartmentId"/>, when the emulator knows it.</summary>
    public string? ParentClusterId { get; init; }
}

/// <summary>
/// The templates in SQLite (a file, or memory). One connection, one writer at a time; the unique index on
/// (scope, scope id, name) is what makes a second template with the same name impossible, even without the lock.
/// </summary>
internal sealed class TemplateStore : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private TemplateStore(SqliteConnection connection)
    {
        _connection = connection;
    }

    public string Description { get; private init; } = "in memory";

    /// <summary>The schema this emulator writes (<c>PRAGMA user_version</c>).</summary>
    private const long SchemaVersion = 1;

    public static async Task<TemplateStore> OpenAsync(string? path, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path is null ? ":memory:" : Path.GetFullPath(path),
            Mode = path is null ? SqliteOpenMode.Memory : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        var store = new TemplateStore(connection) { Description = path is null ? "in memory (lost when the emulator stops)" : builder.DataSource };
        try
        {
            if (path is not null && Directory.Exists(builder.DataSource))
            {
                throw new IOException("it is a folder; give the path of a file (it is created if it does not exist).");
            }

            if (path is not null && Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (path is not null)
            {
                await store.CheckAdoptableAsync(cancellationToken).ConfigureAwait(false);
            }

            await store.CreateAsync(path is not null, cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // Not a database, a folder, a file it may not write, a newer schema: said once, with the path. The file is
            // closed first, so that it can be moved or deleted.
            await connection.DisposeAsync().ConfigureAwait(false);
            // SQLite's "file is not a database" is said in the option's terms, with what to do.
            var why = e is SqliteException { SqliteErrorCode: 26 }
                ? "it is not a SQLite database (left as it is). Give --db a new file, or one this emulator wrote"
                : e.Message;
            throw new EmulatorDatabaseException(builder.DataSource, $"{builder.DataSource}: the template database cannot be used: {why}", e);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The columns of the templates table, as <see cref="CreateAsync"/> makes it.</summary>
    private static readonly string[] Columns =
    [
        "seq", "id", "name", "scope", "scope_id", "project_id", "department_id", "cluster_id", "is_distributed", "is_training", "is_workspace", "dist_framework", "document",
    ];

    /// <summary>
    /// Refuses, before writing anything to it, a file this emulator cannot keep its templates in: another application's
    /// database (tables, none of them ours: creating ours there, and switching it to WAL, would change that application's
    /// file), a table of our name that this emulator did not make, and a file it may read but not write (SQLite opens a
    /// write-protected file read-only without a word, and every create would then fail with a 500).
    /// </summary>
    private async Task CheckAdoptableAsync(CancellationToken cancellationToken)
    {
        var tables = await TextsAsync("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name", cancellationToken).ConfigureAwait(false);

        if (tables.Count > 0 && !tables.Contains("workload_templates", StringComparer.Ordinal))
        {
            var shown = string.Join(", ", tables.Take(5)) + (tables.Count > 5 ? ", …" : string.Empty);
            throw new InvalidDataException($"it is the database of another application (tables {shown}), not one this emulator wrote; it was left as it is. Give --db a new file, or one this emulator wrote.");
        }

        if (tables.Count > 0)
        {
            // A newer emulator's database may have other columns: said as such, not as a table this emulator did not make.
            NotNewer(await UserVersionAsync(cancellationToken).ConfigureAwait(false));
            var columns = new HashSet<string>(await TextsAsync("SELECT name FROM pragma_table_info('workload_templates')", cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);

            if (Columns.FirstOrDefault(c => !columns.Contains(c)) is { } missing)
            {
                throw new InvalidDataException($"its table workload_templates was not made by this emulator (it has no column {missing}); it was left as it is. Give --db a new file, or one this emulator wrote.");
            }
        }

        if (SQLitePCL.raw.sqlite3_db_readonly(_connection.Handle, "main") == 1)
        {
            throw new UnauthorizedAccessException("it can be read but not written (SQLite opened it read-only): make the file and its folder writable, or give another --db.");
        }
    }

    /// <summary>The first column of every row a query answers, as text.</summary>
    private async Task<List<string>> TextsAsync(string sql, CancellationToken cancellationToken)
    {
        var texts = new List<string>();
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    /// <summary>The schema version the database says it has (<c>PRAGMA user_version</c>; 0 for a new file).</summary>
    private async Task<long> UserVersionAsync(CancellationToken cancellationToken)
    {
        using var version = _connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        return Convert.ToInt64(await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>Refuses a database a newer emulator wrote, whose columns this one would not fill.</summary>
    private static void NotNewer(long version)
    {
        if (version > SchemaVersion)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The template database is of schema version {version}, newer than this emulator's {SchemaVersion}: use the emulator that wrote it, or another --db."));
        }
    }

    private async Task CreateAsync(bool onDisk, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            (onDisk ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; " : string.Empty) +
            """
            CREATE TABLE IF NOT EXISTS workload_templates (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                scope TEXT NOT NULL,
                scope_id TEXT NOT NULL,
                project_id INTEGER NULL,
                department_id TEXT NULL,
                cluster_id TEXT NULL,
                is_distributed INTEGER NOT NULL,
                is_training INTEGER NOT NULL,
                is_workspace INTEGER NOT NULL,
                dist_framework TEXT NULL,
                document TEXT NOT NULL,
                UNIQUE (scope, scope_id, name)
            );
            """,
            cancellationToken).ConfigureAwait(false);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The scope id that makes a name unique, as the library's <see cref="AsCode.TemplateKey"/> derives it: the project,
    /// department or cluster id (a cluster's UUID in its canonical spelling, so that two spellings of one UUID are one
    /// scope); empty for tenant and system.
    /// </summary>
    public static string ScopeIdOf(AssetMeta meta) => AsCode.TemplateKey.Of(meta).ScopeId ?? string.Empty;

    /// <summary>
    /// A cluster id as the store keeps and compares it: a UUID in the lower-case "D" form
    /// (<c>aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee</c>), whichever spelling <see cref="Guid.TryParse(string?, out Guid)"/>
    /// reads; anything else as it is. The template's <c>meta.clusterId</c> keeps the spelling the client sent.
    /// </summary>
    public static string? CanonicalClusterId(string? id) =>
        id is not null && Guid.TryParse(id, out var uuid) ? uuid.ToString("D") : id;

    public async Task<WorkloadTemplate?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await GetUnlockedAsync(id, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<List<WorkloadTemplate>> ListAsync(TemplateQuery query, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            var where = new StringBuilder("1 = 1");
            void Add(string clause, string parameter, object value)
            {
                where.Append(" AND ").Append(clause);
                command.Parameters.AddWithValue(parameter, value);
            }

            if (query.Name is not null)
            {
                Add("name = $name", "$name", query.Name);
            }

            if (query.Scope is not null)
            {
                Add("scope = $scope", "$scope", query.Scope);
            }

            // projectId, departmentId, clusterId: the scope itself when the scope filter names it, otherwise that scope
            // and the ones above it (department and cluster where the emulator knows them, tenant, system).
            if (query.ProjectId is { } projectId)
            {
                command.Parameters.AddWithValue("$projectId", projectId);
                if (query.Scope == Scope.Project.Value)
                {
                    where.Append(" AND project_id = $projectId");
                }
                else
                {
                    command.Parameters.AddWithValue("$projectDepartment", (object?)query.ProjectDepartmentId ?? DBNull.Value);
                    command.Parameters.AddWithValue("$projectCluster", (object?)CanonicalClusterId(query.ParentClusterId) ?? DBNull.Value);
                    where.Append(" AND ((scope = 'project' AND project_id = $projectId) OR (scope = 'department' AND department_id = $projectDepartment)"
                        + " OR (scope = 'cluster' AND cluster_id = $projectCluster) OR scope IN ('tenant', 'system'))");
                }
            }

            if (query.DepartmentId is { } departmentId)
            {
                command.Parameters.AddWithValue("$departmentId", departmentId);
                if (query.Scope == Scope.Department.Value)
                {
                    where.Append(" AND scope = 'department' AND department_id = $departmentId");
                }
                else
                {
                    command.Parameters.AddWithValue("$departmentCluster", (object?)CanonicalClusterId(query.ParentClusterId) ?? DBNull.Value);
                    where.Append(" AND ((scope = 'department' AND department_id = $departmentId) OR (scope = 'cluster' AND cluster_id = $departmentCluster) OR scope IN ('tenant', 'system'))");
                }
            }

            if (query.ClusterId is { } clusterId)
            {
                command.Parameters.AddWithValue("$clusterId", CanonicalClusterId(clusterId));
                where.Append(query.Scope == Scope.Cluster.Value
                    ? " AND scope = 'cluster' AND cluster_id = $clusterId"
                    : " AND ((scope = 'cluster' AND cluster_id = $clusterId) OR scope IN ('tenant', 'system'))");
            }

            if (query.DistributedFramework is not null)
            {
                Add("is_distributed = 1 AND dist_framework = $framework", "$framework", query.DistributedFramework);
            }

            if (query.IsDistributed is { } isDistributed)
            {
                Add("is_distributed = $isDistributed", "$isDistributed", isDistributed ? 1 : 0);
            }

            if (query.IsTraining is { } isTraining)
            {
                Add("is_training = $isTraining", "$isTraining", isTraining ? 1 : 0);
            }

            if (query.IsWorkspace is { } isWorkspace)
            {
                Add("is_workspace = $isWorkspace", "$isWorkspace", isWorkspace ? 1 : 0);
            }

            command.CommandText = $"SELECT document FROM workload_templates WHERE {where} ORDER BY seq";
            var result = new List<WorkloadTemplate>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(TemplateJson.Deserialize<WorkloadTemplate>(reader.GetString(0)));
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Inserts a new template; <see cref="WriteOutcome.Conflict"/> when its (scope, scope id, name) is taken.</summary>
    public async Task<WriteOutcome> InsertAsync(WorkloadTemplate template, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText =
                """
                INSERT INTO workload_templates (id, name, scope, scope_id, project_id, department_id, cluster_id, is_distributed, is_training, is_workspace, dist_framework, document)
                VALUES ($id, $name, $scope, $scopeId, $projectId, $departmentId, $clusterId, $isDistributed, $isTraining, $isWorkspace, $framework, $document)
                """;
            Bind(command, template);
            return await ExecuteWriteAsync(command, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Reads a template, changes it with <paramref name="change"/> and writes it back, atomically. A change that returns
    /// null refuses the result: nothing is written and the outcome is <see cref="WriteOutcome.Rejected"/>.
    /// </summary>
    public async Task<(WriteOutcome Outcome, WorkloadTemplate? Template)> UpdateAsync(string id, Func<WorkloadTemplate, WorkloadTemplate?> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One transaction (BEGIN IMMEDIATE) from the read to the write: the gate orders this emulator's requests, the
            // transaction those of another emulator on the same database file, whose update or delete would otherwise
            // fall between the two and be lost, or be answered as done.
            using var transaction = _connection.BeginTransaction();
            var existing = await GetUnlockedAsync(id, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                return (WriteOutcome.NotFound, null);
            }

            var updated = change(existing);
            if (updated is null)
            {
                return (WriteOutcome.Rejected, null);
            }

            using var command = _connection.CreateCommand();
            command.CommandText =
                """
                UPDATE workload_templates SET name = $name, scope = $scope, scope_id = $scopeId, project_id = $projectId, department_id = $departmentId,
                    cluster_id = $clusterId, is_distributed = $isDistributed, is_training = $isTraining, is_workspace = $isWorkspace, dist_framework = $framework, document = $document
                WHERE id = $id
                """;
            Bind(command, updated);
            var outcome = await ExecuteWriteAsync(command, cancellationToken).ConfigureAwait(false);
            if (outcome == WriteOutcome.Done)
            {
                transaction.Commit();
            }

            return (outcome, outcome == WriteOutcome.Done ? updated : null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<WriteOutcome> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM workload_templates WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0 ? WriteOutcome.NotFound : WriteOutcome.Done;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void Bind(SqliteCommand command, WorkloadTemplate template)
    {
        var meta = template.Meta;
        var supported = meta.WorkloadSupportedTypes;
        // What the template says it supports decides; a distributed spec counts only where it says nothing of it.
        var isDistributed = supported?.Distributed ?? template.Spec.Distributed is not null;
        var framework = isDistributed ? supported?.DistFramework ?? template.Spec.Distributed?.DistFramework : null;
        command.Parameters.AddWithValue("$id", meta.Id);
        command.Parameters.AddWithValue("$name", meta.Name);
        command.Parameters.AddWithValue("$scope", meta.Scope.Value);
        command.Parameters.AddWithValue("$scopeId", ScopeIdOf(meta));
        command.Parameters.AddWithValue("$projectId", (object?)meta.ProjectId ?? DBNull.Value);
        command.Parameters.AddWithValue("$departmentId", (object?)meta.DepartmentId ?? DBNull.Value);
        command.Parameters.AddWithValue("$clusterId", (object?)CanonicalClusterId(meta.ClusterId) ?? DBNull.Value);
        command.Parameters.AddWithValue("$isDistributed", isDistributed ? 1 : 0);
        command.Parameters.AddWithValue("$isTraining", supported?.Training == true ? 1 : 0);
        command.Parameters.AddWithValue("$isWorkspace", supported?.Workspace == true ? 1 : 0);
        command.Parameters.AddWithValue("$framework", (object?)framework?.Value ?? DBNull.Value);
        command.Parameters.AddWithValue("$document", TemplateJson.Serialize(template));
    }

    private static async Task<WriteOutcome> ExecuteWriteAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0 ? WriteOutcome.NotFound : WriteOutcome.Done;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == 2067)
        {
            // SQLITE_CONSTRAINT_UNIQUE: the unique index on (scope, scope_id, name). Any other failed check is a fault.
            return WriteOutcome.Conflict;
        }
    }

    private async Task<WorkloadTemplate?> GetUnlockedAsync(string id, CancellationToken cancellationToken)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT document FROM workload_templates WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        var document = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        return document is null ? null : TemplateJson.Deserialize<WorkloadTemplate>(document);
    }

    /// <summary>
    /// Brings a database written by an older emulator up to date; <c>PRAGMA user_version</c> says how far it is.
    /// Version 1: the cluster_id column, and the scope_id of cluster-scoped rows, hold the canonical cluster id
    /// (before, the id as the client spelt it). A row whose canonical key is already taken (the same name created
    /// twice under two spellings, which the old key allowed) keeps its old scope_id: both templates stay readable,
    /// and new names are checked against the canonical key.
    /// </summary>
    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var found = await UserVersionAsync(cancellationToken).ConfigureAwait(false);
        NotNewer(found);
        if (found == SchemaVersion)
        {
            return;
        }

        using var transaction = _connection.BeginTransaction();
        var rows = new List<(long Seq, string Scope, string ScopeId, string ClusterId)>();
        using (var select = _connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT seq, scope, scope_id, cluster_id FROM workload_templates WHERE cluster_id IS NOT NULL";
            using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        foreach (var row in rows)
        {
            var canonical = CanonicalClusterId(row.ClusterId)!;
            var scopeId = row.Scope == Scope.Cluster.Value && row.ScopeId == row.ClusterId ? canonical : row.ScopeId;
            if (canonical == row.ClusterId && scopeId == row.ScopeId)
            {
                continue;
            }

            using var update = _connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE OR IGNORE workload_templates SET cluster_id = $clusterId, scope_id = $scopeId WHERE seq = $seq";
            update.Parameters.AddWithValue("$clusterId", canonical);
            update.Parameters.AddWithValue("$scopeId", scopeId);
            update.Parameters.AddWithValue("$seq", row.Seq);
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                // The canonical key is taken: keep the old key, and still compare the column in its canonical spelling.
                update.CommandText = "UPDATE workload_templates SET cluster_id = $clusterId WHERE seq = $seq";
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        using (var version = _connection.CreateCommand())
        {
            version.Transaction = transaction;
            version.CommandText = "PRAGMA user_version = 1";
            await version.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

