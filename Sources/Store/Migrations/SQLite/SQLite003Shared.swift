extension SQLiteSchema {
    /// Migration 3: resources shared within (org, project): roles, groups and
    /// members, skills, connectors and their sync jobs. The original product
    /// had no org/project on these (SEED-CONTRACT §10.2); here they do.
    static let v3Shared = """
    CREATE TABLE roles (
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        system_prompt TEXT NOT NULL DEFAULT '',
        is_lead INTEGER NOT NULL DEFAULT 0 CHECK (is_lead IN (0, 1)),
        allowed_tools TEXT NOT NULL DEFAULT '[]',
        denied_tools TEXT NOT NULL DEFAULT '[]',
        style_constraints TEXT NOT NULL DEFAULT '{}',
        model TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (org_id, id)
    );
    CREATE INDEX roles_scope ON roles (org_id, project_id, name);

    CREATE TABLE groups (
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        config TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (org_id, id)
    );
    CREATE INDEX groups_scope ON groups (org_id, project_id, created_at DESC);

    CREATE TABLE group_members (
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        group_id TEXT NOT NULL,
        role_id TEXT NOT NULL,
        ordinal INTEGER NOT NULL DEFAULT 0 CHECK (ordinal >= 0),
        created_at TEXT NOT NULL,
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, group_id, role_id),
        FOREIGN KEY (org_id, group_id) REFERENCES groups (org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, role_id) REFERENCES roles (org_id, id) ON DELETE CASCADE
    );
    CREATE INDEX group_members_order ON group_members (org_id, group_id, ordinal);
    CREATE INDEX group_members_role ON group_members (org_id, role_id);

    CREATE TABLE skills (
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        instructions TEXT NOT NULL DEFAULT '',
        tools TEXT NOT NULL DEFAULT '[]',
        risk_level TEXT NOT NULL DEFAULT 'low' CHECK (risk_level IN ('low', 'medium', 'high')),
        provider TEXT NOT NULL DEFAULT 'builtin' CHECK (provider IN ('builtin', 'mcp')),
        source TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (org_id, id)
    );
    CREATE INDEX skills_scope ON skills (org_id, project_id, name);

    CREATE TABLE connectors (
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
        config TEXT NOT NULL DEFAULT '{}',
        created_by TEXT NOT NULL,
        last_sync_at TEXT,
        last_success_at TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (org_id, id)
    );
    CREATE INDEX connectors_scope ON connectors (org_id, project_id, kind);

    CREATE TABLE sync_jobs (
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        connector_id TEXT NOT NULL,
        trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'poll', 'webhook')),
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed')),
        stats TEXT NOT NULL DEFAULT '{}',
        error_message TEXT,
        started_at TEXT,
        ended_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, connector_id) REFERENCES connectors (org_id, id) ON DELETE CASCADE
    );
    CREATE INDEX sync_jobs_connector ON sync_jobs (org_id, connector_id, created_at DESC);
    """
}
