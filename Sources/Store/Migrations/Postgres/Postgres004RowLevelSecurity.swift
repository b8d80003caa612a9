extension PostgresSchema {
    /// Migration 4: row-level security, the second wall behind the `WHERE`
    /// clauses (DESIGN §4). Tenant transactions run as the NOLOGIN role
    /// `oi_runtime` (`SET LOCAL ROLE`) with `oi.org_id`, `oi.user_id`,
    /// `oi.project_id` set locally; the policies admit only that tenant's rows.
    /// System work (the queue across tenants) sets `oi.system = 'on'` locally
    /// instead. FORCE applies the policies to the tables' owner too.
    /// Runs, events, checkpoints, approvals, grants and core blocks are private
    /// to (org, user, project); archival and group (blackboard) memory and the
    /// shared resources are visible within (org, project).
    /// A later migration that adds a tenant table must grant it to
    /// `oi_runtime` and give it a policy the same way.
    /// Creating the role needs CREATEROLE; without it, create `oi_runtime`
    /// beforehand and grant it to the connecting user.
    static let v4RowLevelSecurity = """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'oi_runtime') THEN
            CREATE ROLE oi_runtime NOLOGIN;
        END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
        -- Another database of this cluster created it at the same moment.
        NULL;
    END
    $$;
    DO $$
    BEGIN
        IF NOT pg_has_role(current_user, 'oi_runtime', 'MEMBER') THEN
            EXECUTE format('GRANT oi_runtime TO %I', current_user);
        END IF;
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO oi_runtime', current_schema());
    END
    $$;
    -- The schema version is not tenant data; health checks may read it.
    GRANT SELECT ON schema_migrations TO oi_runtime;
    GRANT SELECT, INSERT, UPDATE, DELETE ON runs TO oi_runtime;
    ALTER TABLE runs ENABLE ROW LEVEL SECURITY;
    ALTER TABLE runs FORCE ROW LEVEL SECURITY;
    CREATE POLICY runs_tenant ON runs
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)));
    GRANT SELECT, INSERT, UPDATE, DELETE ON events TO oi_runtime;
    ALTER TABLE events ENABLE ROW LEVEL SECURITY;
    ALTER TABLE events FORCE ROW LEVEL SECURITY;
    CREATE POLICY events_tenant ON events
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)));
    GRANT SELECT, INSERT, UPDATE, DELETE ON checkpoints TO oi_runtime;
    ALTER TABLE checkpoints ENABLE ROW LEVEL SECURITY;
    ALTER TABLE checkpoints FORCE ROW LEVEL SECURITY;
    CREATE POLICY checkpoints_tenant ON checkpoints
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)));
    GRANT SELECT, INSERT, UPDATE, DELETE ON approvals TO oi_runtime;
    ALTER TABLE approvals ENABLE ROW LEVEL SECURITY;
    ALTER TABLE approvals FORCE ROW LEVEL SECURITY;
    CREATE POLICY approvals_tenant ON approvals
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)));
    GRANT SELECT, INSERT, UPDATE, DELETE ON tool_grants TO oi_runtime;
    ALTER TABLE tool_grants ENABLE ROW LEVEL SECURITY;
    ALTER TABLE tool_grants FORCE ROW LEVEL SECURITY;
    CREATE POLICY tool_grants_tenant ON tool_grants
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)));
    GRANT SELECT, INSERT, UPDATE, DELETE ON core_blocks TO oi_runtime;
    ALTER TABLE core_blocks ENABLE ROW LEVEL SECURITY;
    ALTER TABLE core_blocks FORCE ROW LEVEL SECURITY;
    CREATE POLICY core_blocks_tenant ON core_blocks
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)));
    GRANT SELECT, INSERT, UPDATE, DELETE ON memories TO oi_runtime;
    ALTER TABLE memories ENABLE ROW LEVEL SECURITY;
    ALTER TABLE memories FORCE ROW LEVEL SECURITY;
    CREATE POLICY memories_tenant ON memories
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true) AND (user_id = current_setting('oi.user_id', true) OR tier = 'archival' OR group_id IS NOT NULL)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true) AND (user_id = current_setting('oi.user_id', true) OR tier = 'archival' OR group_id IS NOT NULL)));
    GRANT SELECT, INSERT, UPDATE, DELETE ON memory_chunks TO oi_runtime;
    ALTER TABLE memory_chunks ENABLE ROW LEVEL SECURITY;
    ALTER TABLE memory_chunks FORCE ROW LEVEL SECURITY;
    CREATE POLICY memory_chunks_tenant ON memory_chunks
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true) AND (user_id = current_setting('oi.user_id', true) OR tier = 'archival' OR group_id IS NOT NULL)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true) AND (user_id = current_setting('oi.user_id', true) OR tier = 'archival' OR group_id IS NOT NULL)));
    GRANT SELECT, INSERT, UPDATE, DELETE ON roles TO oi_runtime;
    ALTER TABLE roles ENABLE ROW LEVEL SECURITY;
    ALTER TABLE roles FORCE ROW LEVEL SECURITY;
    CREATE POLICY roles_tenant ON roles
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)));
    GRANT SELECT, INSERT, UPDATE, DELETE ON groups TO oi_runtime;
    ALTER TABLE groups ENABLE ROW LEVEL SECURITY;
    ALTER TABLE groups FORCE ROW LEVEL SECURITY;
    CREATE POLICY groups_tenant ON groups
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)));
    GRANT SELECT, INSERT, UPDATE, DELETE ON group_members TO oi_runtime;
    ALTER TABLE group_members ENABLE ROW LEVEL SECURITY;
    ALTER TABLE group_members FORCE ROW LEVEL SECURITY;
    CREATE POLICY group_members_tenant ON group_members
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)));
    GRANT SELECT, INSERT, UPDATE, DELETE ON skills TO oi_runtime;
    ALTER TABLE skills ENABLE ROW LEVEL SECURITY;
    ALTER TABLE skills FORCE ROW LEVEL SECURITY;
    CREATE POLICY skills_tenant ON skills
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)));
    GRANT SELECT, INSERT, UPDATE, DELETE ON connectors TO oi_runtime;
    ALTER TABLE connectors ENABLE ROW LEVEL SECURITY;
    ALTER TABLE connectors FORCE ROW LEVEL SECURITY;
    CREATE POLICY connectors_tenant ON connectors
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)));
    GRANT SELECT, INSERT, UPDATE, DELETE ON sync_jobs TO oi_runtime;
    ALTER TABLE sync_jobs ENABLE ROW LEVEL SECURITY;
    ALTER TABLE sync_jobs FORCE ROW LEVEL SECURITY;
    CREATE POLICY sync_jobs_tenant ON sync_jobs
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)));
    """
}
