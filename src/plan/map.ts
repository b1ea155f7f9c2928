import { REDACTED } from '../secrets/redact.js';
import { type Unknown, isUnknown } from '../engine/unknown.js';

/**
 * okta/okta provider attributes → the API objects the rules read. Each function takes a
 * resource's planned values (Terraform names, unknown leaves as Unknown) and returns the object
 * as Okta will hold it after apply: the provider's schema defaults and the values it fills in at
 * apply time are written where the plan leaves them null. docs/terraform.md has the table.
 */
type V = Record<string, unknown>;

/** A value, or `dflt` when the plan holds null or nothing (the provider sends its default). */
function or(v: unknown, dflt: unknown): unknown {
  return v === null || v === undefined ? dflt : v;
}

/**
 * The object without its keys whose value is undefined, so that it has only the fields the
 * provider sends: itself when it has none, else a copy, since deleting keys would leave V8 an
 * object in its slow dictionary form, which every later reader (the rules, the reports) pays for.
 */
function clean<T extends V>(o: T): T {
  let some = false;
  for (const k in o)
    if (o[k] === undefined) {
      some = true;
      break;
    }
  if (!some) return o;
  const out: V = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}

function list(v: unknown): unknown[] | Unknown {
  if (isUnknown(v)) return v;
  return Array.isArray(v) ? v : [];
}

function mapList(v: unknown, f: (x: V) => unknown): unknown[] | Unknown {
  const l = list(v);
  return isUnknown(l) ? l : l.map((x) => (isUnknown(x) ? x : f((x ?? {}) as V)));
}

export function idpOidc(v: V): V {
  const endpoint = (url: unknown, binding: unknown) => clean({ url: url ?? undefined, binding: binding ?? undefined });
  return clean({
    id: v.id,
    name: v.name,
    status: or(v.status, 'ACTIVE'),
    type: 'OIDC',
    issuerMode: v.issuer_mode ?? undefined,
    protocol: {
      type: or(v.protocol_type, 'OIDC'),
      scopes: list(v.scopes),
      issuer: { url: v.issuer_url },
      endpoints: clean({
        authorization: endpoint(v.authorization_url, v.authorization_binding),
        token: endpoint(v.token_url, v.token_binding),
        jwks: endpoint(v.jwks_url, v.jwks_binding),
        userInfo: v.user_info_url ? endpoint(v.user_info_url, v.user_info_binding) : undefined,
      }),
      credentials: {
        client: clean({
          client_id: v.client_id,
          // the secret itself never enters the document; a write-only secret (client_secret_wo) is set all the same
          client_secret: v.client_secret || v.client_secret_wo_version ? REDACTED : undefined,
          pkce_required: v.pkce_required ?? undefined,
        }),
      },
    },
    policy: {
      provisioning: clean({
        action: or(v.provisioning_action, 'AUTO'),
        profileMaster: or(v.profile_master, false),
        groups: clean({ action: or(v.groups_action, 'NONE'), assignments: v.groups_assignment ?? undefined }),
        conditions: {
          deprovisioned: { action: or(v.deprovisioned_action, 'NONE') },
          suspended: { action: or(v.suspended_action, 'NONE') },
        },
      }),
      accountLink: { action: or(v.account_link_action, 'AUTO') },
      subject: clean({
        userNameTemplate: { template: or(v.username_template, 'idpuser.email') },
        matchType: or(v.subject_match_type, 'USERNAME'),
        matchAttribute: v.subject_match_attribute ?? undefined,
      }),
      maxClockSkew: v.max_clock_skew ?? undefined,
    },
  });
}

export function idpDiscoveryRule(v: V): V {
  const providers = list(v.idp_providers);
  const userIdentifier = isUnknown(v.user_identifier_type)
    ? v.user_identifier_type
    : v.user_identifier_type
      ? clean({
          type: v.user_identifier_type,
          attribute: v.user_identifier_attribute ?? undefined,
          patterns: mapList(v.user_identifier_patterns, (p) => ({ matchType: p.match_type, value: p.value })),
        })
      : undefined;
  return clean({
    id: v.id,
    name: v.name,
    status: or(v.status, 'ACTIVE'),
    priority: v.priority ?? undefined,
    type: 'IDP_DISCOVERY',
    system: false,
    conditions: clean({
      network: clean({
        connection: or(v.network_connection, 'ANYWHERE'),
        include: v.network_includes ?? undefined,
        exclude: v.network_excludes ?? undefined,
      }),
      platform: {
        include: mapList(v.platform_include, (p) => ({
          type: p.type,
          os: clean({ type: p.os_type, expression: p.os_expression ?? undefined }),
        })),
        exclude: [],
      },
      userIdentifier,
      app: { include: list(v.app_include), exclude: list(v.app_exclude) },
    }),
    actions: {
      idp: clean({
        // an empty list is sent as Okta's own sign-in
        providers: isUnknown(providers)
          ? providers
          : providers.length
            ? providers.map((p) => (isUnknown(p) ? p : { id: (p as V).id, type: (p as V).type }))
            : [{ type: 'OKTA' }],
        idpSelectionType: or(v.selection_type, 'SPECIFIC'),
        shouldFallBackToOkta: v.should_fall_back_to_okta ?? undefined,
      }),
    },
  });
}

export function userSchemaProperty(v: V): V {
  return clean({
    title: v.title,
    description: v.description ?? undefined,
    type: v.type,
    required: v.required ?? undefined,
    unique: v.unique ?? undefined,
    scope: or(v.scope, 'NONE'),
    enum: v.enum ?? undefined,
    oneOf: v.one_of ?? undefined,
    master: clean({ type: or(v.master, 'PROFILE_MASTER'), priority: v.master_override_priority ?? undefined }),
    permissions: [{ principal: 'SELF', action: or(v.permissions, 'READ_ONLY') }],
  });
}

export function group(v: V): V {
  return clean({
    id: v.id,
    type: 'OKTA_GROUP',
    profile: clean({ name: v.name, description: v.description ?? undefined }),
  });
}

export function appOauth(v: V): V {
  return clean({
    id: v.id,
    label: v.label,
    status: or(v.status, 'ACTIVE'),
    name: or(v.preconfigured_app, 'oidc_client'),
    signOnMode: 'OPENID_CONNECT',
    settings: {
      oauthClient: clean({
        redirect_uris: v.redirect_uris ?? undefined,
        grant_types: v.grant_types ?? undefined,
        application_type: v.type ?? undefined,
      }),
    },
    credentials: {
      oauthClient: clean({
        client_id: v.client_id ?? undefined,
        token_endpoint_auth_method: v.token_endpoint_auth_method ?? undefined,
      }),
    },
  });
}

export function assignment(v: V): V {
  return clean({ id: v.group_id, priority: v.priority ?? undefined, profile: parseProfile(v.profile) });
}

function parseProfile(p: unknown): unknown {
  if (typeof p !== 'string' || p === '') return isUnknown(p) ? p : undefined;
  try {
    return JSON.parse(p);
  } catch {
    return undefined;
  }
}

export function pushMapping(v: V, id: unknown): V {
  return clean({
    id,
    sourceGroupId: v.source_group_id,
    targetGroupId: v.target_group_id ?? undefined,
    status: or(v.status, 'ACTIVE'),
  });
}

export function eventHook(v: V): V {
  const channel = (v.channel ?? {}) as V;
  const auth = v.auth as V | null | undefined;
  const headers = mapList(v.headers, (h) => ({ key: h.key, value: REDACTED }));
  return clean({
    id: v.id,
    name: v.name,
    status: or(v.status, 'ACTIVE'),
    events: { type: 'EVENT_TYPE', items: list(v.events) },
    channel: isUnknown(v.channel)
      ? v.channel
      : {
          // the provider fills in HTTP and HEADER at apply when the map leaves them out
          type: or(channel.type, 'HTTP'),
          version: channel.version,
          config: clean({
            uri: channel.uri,
            headers,
            method: 'POST',
            authScheme: isUnknown(auth)
              ? auth
              : auth
                ? clean({ type: or(auth.type, 'HEADER'), key: auth.key, value: auth.value ? REDACTED : undefined })
                : undefined,
          }),
        },
  });
}

export function apiToken(v: V): V {
  return clean({
    id: v.id,
    name: v.name,
    userId: v.user_id,
    clientName: v.client_name ?? undefined,
    network: v.network ?? undefined,
  });
}
