
-- Sign-up, sign-in and refresh must find a user before anyone is signed in.
-- The identity service runs those flows, and only those, in transactions
-- that set app.auth_flow = 'on'; every other request sees only the caller.
CREATE FUNCTION keel.auth_flow() RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce(current_setting('app.auth_flow', true), '') = 'on' $$;
GRANT EXECUTE ON FUNCTION keel.auth_flow() TO {{ app_role }};

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email varchar(254) NOT NULL,
  password_hash varchar(512) NOT NULL,
  display_name varchar(100) NOT NULL,
{% if not multi_tenant %}
  -- Application roles besides every signed-in user.
  roles text[] NOT NULL DEFAULT '{}',
{% endif %}
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_email_format CHECK (email = lower(email) AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  CONSTRAINT users_display_name_length CHECK (char_length(display_name) >= 1){% if not multi_tenant %},
  CONSTRAINT users_roles_known CHECK (roles <@ ARRAY[{{ roles_sql }}]::text[]){% endif %}

);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Every rotation stays in the family of the sign-in it came from; reuse of
  -- a rotated token revokes the whole family.
  family_id uuid NOT NULL,
  token_hash char(64) NOT NULL,
{% if multi_tenant %}
  organization_id uuid,
{% endif %}
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  replaced_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);
{% if multi_tenant %}

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name varchar(120) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT organizations_name_length CHECK (char_length(name) >= 1)
);

CREATE TABLE memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Roles of the user within this organization.
  roles text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT memberships_organization_user_key UNIQUE (organization_id, user_id),
  CONSTRAINT memberships_roles_known CHECK (roles <@ ARRAY[{{ roles_sql }}]::text[])
);
CREATE INDEX memberships_user_id_idx ON memberships (user_id);

CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  email varchar(254) NOT NULL,
  roles text[] NOT NULL DEFAULT '{}',
  token_hash char(64) NOT NULL,
  invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT invitations_email_format CHECK (email = lower(email) AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  CONSTRAINT invitations_roles_known CHECK (roles <@ ARRAY[{{ roles_sql }}]::text[])
);
CREATE UNIQUE INDEX invitations_token_hash_key ON invitations (token_hash);
CREATE INDEX invitations_organization_id_idx ON invitations (organization_id);
{% endif %}

CREATE FUNCTION keel.touch() RETURNS trigger
  LANGUAGE plpgsql
  AS $touch$
BEGIN
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION '%: id and created_at cannot change', TG_TABLE_NAME USING ERRCODE = '42501';
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END
$touch$;
{% for table in tables %}
CREATE TRIGGER {{ table }}_touch BEFORE UPDATE ON {{ table }} FOR EACH ROW EXECUTE FUNCTION keel.touch();
{% endfor %}

{% for table in tables %}
ALTER TABLE {{ table }} ENABLE ROW LEVEL SECURITY;
ALTER TABLE {{ table }} FORCE ROW LEVEL SECURITY;
{% endfor %}

CREATE POLICY users_read ON users FOR SELECT TO {{ app_role }}
  USING (id = keel.current_user_id() OR keel.auth_flow(){% if multi_tenant %}

    OR EXISTS (SELECT 1 FROM memberships m
               WHERE m.user_id = users.id AND m.organization_id = keel.current_tenant_id()){% endif %});
CREATE POLICY users_create ON users FOR INSERT TO {{ app_role }}
  WITH CHECK (keel.auth_flow());
{% if not multi_tenant %}
-- Only an admin changes roles: see users_roles_guard below.
{% endif %}
CREATE POLICY users_update ON users FOR UPDATE TO {{ app_role }}
  USING (id = keel.current_user_id() OR keel.auth_flow());
CREATE POLICY users_delete ON users FOR DELETE TO {{ app_role }}
  USING (id = keel.current_user_id());

CREATE POLICY refresh_tokens_all ON refresh_tokens FOR ALL TO {{ app_role }}
  USING (user_id = keel.current_user_id() OR keel.auth_flow())
  WITH CHECK (user_id = keel.current_user_id() OR keel.auth_flow());
{% if not multi_tenant %}

CREATE FUNCTION users_roles_guard() RETURNS trigger
  LANGUAGE plpgsql
  AS $guard$
BEGIN
  IF NEW.roles IS DISTINCT FROM OLD.roles AND NOT keel.has_role('admin') AND NOT keel.auth_flow() THEN
    RAISE EXCEPTION 'users: only an admin changes roles' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END
$guard$;
CREATE TRIGGER users_roles_guard BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_roles_guard();
{% endif %}
{% if multi_tenant %}

CREATE POLICY organizations_read ON organizations FOR SELECT TO {{ app_role }}
  USING (id = keel.current_tenant_id() OR keel.auth_flow()
    OR EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = organizations.id
               AND m.user_id = keel.current_user_id()));
CREATE POLICY organizations_create ON organizations FOR INSERT TO {{ app_role }}
  WITH CHECK (keel.auth_flow() OR keel.current_user_id() IS NOT NULL);
CREATE POLICY organizations_update ON organizations FOR UPDATE TO {{ app_role }}
  USING (id = keel.current_tenant_id() AND keel.has_role('admin'));
CREATE POLICY organizations_delete ON organizations FOR DELETE TO {{ app_role }}
  USING (id = keel.current_tenant_id() AND keel.has_role('admin'));

CREATE POLICY memberships_read ON memberships FOR SELECT TO {{ app_role }}
  USING (organization_id = keel.current_tenant_id() OR user_id = keel.current_user_id() OR keel.auth_flow());
CREATE POLICY memberships_create ON memberships FOR INSERT TO {{ app_role }}
  WITH CHECK (keel.auth_flow() OR (organization_id = keel.current_tenant_id() AND keel.has_role('admin')));
CREATE POLICY memberships_update ON memberships FOR UPDATE TO {{ app_role }}
  USING (organization_id = keel.current_tenant_id() AND keel.has_role('admin'));
CREATE POLICY memberships_delete ON memberships FOR DELETE TO {{ app_role }}
  USING (organization_id = keel.current_tenant_id()
         AND (keel.has_role('admin') OR user_id = keel.current_user_id()));

CREATE POLICY invitations_all ON invitations FOR ALL TO {{ app_role }}
  USING ((organization_id = keel.current_tenant_id() AND keel.has_role('admin')) OR keel.auth_flow())
  WITH CHECK ((organization_id = keel.current_tenant_id() AND keel.has_role('admin')) OR keel.auth_flow());
{% endif %}

GRANT SELECT, INSERT, UPDATE, DELETE ON {{ tables | join(", ") }} TO {{ app_role }};

RESET ROLE;
COMMIT;
