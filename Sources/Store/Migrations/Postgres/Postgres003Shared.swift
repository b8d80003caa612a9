extension PostgresSchema {
    /// Migration 3: resources shared within (org, project): roles, groups and
    /// members, skills, connectors and their sync jobs. The original product
    /// had no org/project on these (SEED-CONTRACT §10.2); here they do.
    static let v3Shared = """
    CREATE TABLE roles (
        org_id text NOT NULL,
        id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        system_prompt text NOT NULL DEFAULT '',
        is_lead boolean NOT NULL DEFAULT false,
        allowed_tools jsonb NOT NULL DEFAULT '[]',
        denied_tools jsonb NOT NULL DEFAULT '[]',
        style_constraints jsonb NOT NULL DEFAULT '{}',
        model jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, id)
    );
    CREATE INDEX roles_scope ON roles (org_id, project_id, name);

    CREATE TABLE groups (
        org_id text NOT NULL,
        id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        config jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, id)
    );
    CREATE INDEX groups_scope ON groups (org_id, project_id, created_at DESC);

    CREATE TABLE group_members (
        org_id text NOT NULL,
        id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        group_id text NOT NULL,
        role_id text NOT NULL,
        ordinal integer NOT NULL DEFAULT 0 CHECK (ordinal >= 0),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, group_id, role_id),
        FOREIGN KEY (org_id, group_id) REFERENCES groups (org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, role_id) REFERENCES roles (org_id, id) ON DELETE CASCADE
    );
    CREATE INDEX group_members_order ON group_members (org_id, group_id, ordinal);
    CREATE INDEX group_members_role ON group_members (org_id, role_id);

    CREATE TABLE skills (
        org_id text NOT NULL,
        id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        instructions text NOT NULL DEFAULT '',
        tools jsonb NOT NULL DEFAULT '[]',
        risk_level text NOT NULL DEFAULT 'low' CHECK (risk_level IN ('low', 'medium', 'high')),
        provider text NOT NULL DEFAULT 'builtin' CHECK (provider IN ('builtin', 'mcp')),
        source text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, id)
    );
    CREATE INDEX skills_scope ON skills (org_id, project_id, name);

    CREATE TABLE connectors (
        org_id text NOT NULL,
        id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        kind text NOT NULL,
        name text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
        config jsonb NOT NULL DEFAULT '{}',
        created_by text NOT NULL,
        last_sync_at timestamptz,
        last_success_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, id)
    );
    CREATE INDEX connectors_scope ON connectors (org_id, project_id, kind);

    CREATE TABLE sync_jobs (
        org_id text NOT NULL,
        id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        connector_id text NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('manual', 'poll', 'webhook')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed')),
        stats jsonb NOT NULL DEFAULT '{}',
        error_message text,
        started_at timestamptz,
        ended_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, connector_id) REFERENCES connectors (org_id, id) ON DELETE CASCADE
    );
    CREATE INDEX sync_jobs_connector ON sync_jobs (org_id, connector_id, created_at DESC);
    """
}
