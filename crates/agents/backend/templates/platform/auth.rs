//! Access tokens: JWTs signed with Ed25519 (`EdDSA`). Only the identity
//! service holds the private key; every other service verifies with the
//! public key. The caller of a request is resolved once, by the server's
//! middleware, from `Authorization: Bearer` or the `keel_access` cookie.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::Problem;

/// Name of the cookie that carries the access token.
pub const ACCESS_COOKIE: &str = "keel_access";
/// Name of the cookie that carries the refresh token.
pub const REFRESH_COOKIE: &str = "keel_refresh";
/// Lifetime of an access token.
pub const ACCESS_TTL_SECONDS: u64 = 15 * 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tid: Option<Uuid>,
    pub iss: String,
    pub aud: String,
    pub iat: u64,
    pub exp: u64,
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Signs access tokens (identity service only).
pub struct TokenSigner {
    key: SigningKey,
    issuer: String,
}

impl TokenSigner {
    pub fn from_pem(pem: &str, issuer: &str) -> Result<Self, String> {
        let key = SigningKey::from_pkcs8_pem(pem.trim())
            .map_err(|e| format!("not an Ed25519 PKCS#8 PEM private key ({e})"))?;
        Ok(TokenSigner {
            key,
            issuer: issuer.to_owned(),
        })
    }

    /// A token for `sub` valid for `ttl` seconds from `iat`.
    pub fn sign_at(
        &self,
        sub: Uuid,
        roles: &[String],
        tid: Option<Uuid>,
        iat: u64,
        ttl: u64,
    ) -> String {
        let claims = Claims {
            sub,
            roles: roles.to_vec(),
            tid,
            iss: self.issuer.clone(),
            aud: self.issuer.clone(),
            iat,
            exp: iat + ttl,
        };
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"EdDSA","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap_or_default());
        let input = format!("{header}.{payload}");
        let signature = URL_SAFE_NO_PAD.encode(self.key.sign(input.as_bytes()).to_bytes());
        format!("{input}.{signature}")
    }

    /// A token valid for the standard access-token lifetime.
    pub fn sign(&self, sub: Uuid, roles: &[String], tid: Option<Uuid>) -> String {
        self.sign_at(sub, roles, tid, now(), ACCESS_TTL_SECONDS)
    }

    pub fn verifier(&self) -> TokenVerifier {
        TokenVerifier {
            key: self.key.verifying_key(),
            issuer: self.issuer.clone(),
            verified: Arc::default(),
        }
    }
}

/// How many verified tokens a service remembers (a few hundred bytes each).
const VERIFIED_CAPACITY: usize = 4096;

/// Verifies access tokens with the public key.
#[derive(Clone)]
pub struct TokenVerifier {
    key: VerifyingKey,
    issuer: String,
    /// Tokens whose signature and claims were checked, with their claims: a
    /// client sends the same token with every request for 15 minutes, and
    /// an Ed25519 verification costs more than the rest of a typical read.
    /// Expiry is checked on every use, so a hit answers exactly what a
    /// fresh verification would.
    verified: Arc<Mutex<HashMap<String, Claims>>>,
}

impl TokenVerifier {
    pub fn from_pem(pem: &str, issuer: &str) -> Result<Self, String> {
        let key = VerifyingKey::from_public_key_pem(pem.trim())
            .map_err(|e| format!("not an Ed25519 SPKI PEM public key ({e})"))?;
        Ok(TokenVerifier {
            key,
            issuer: issuer.to_owned(),
            verified: Arc::default(),
        })
    }

    pub fn verify(&self, token: &str) -> Result<Claims, &'static str> {
        let cached = self
            .verified
            .lock()
            .ok()
            .and_then(|verified| verified.get(token).cloned());
        if let Some(claims) = cached {
            return if claims.exp <= now() {
                Err("token expired")
            } else {
                Ok(claims)
            };
        }
        let claims = self.verify_signed(token)?;
        if let Ok(mut verified) = self.verified.lock() {
            if verified.len() >= VERIFIED_CAPACITY {
                // Bounded memory: start over rather than track recency.
                verified.clear();
            }
            verified.insert(token.to_owned(), claims.clone());
        }
        Ok(claims)
    }

    fn verify_signed(&self, token: &str) -> Result<Claims, &'static str> {
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err("malformed token");
        };
        let header: serde_json::Value = decode_json(header)?;
        if header.get("alg").and_then(|a| a.as_str()) != Some("EdDSA") {
            return Err("unsupported token algorithm");
        }
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .ok()
            .and_then(|s| Signature::from_slice(&s).ok())
            .ok_or("malformed token signature")?;
        let input = &token[..header_len(token)];
        self.key
            .verify_strict(input.as_bytes(), &signature)
            .map_err(|_| "bad token signature")?;
        let claims: Claims = decode_json(payload)?;
        if claims.iss != self.issuer || claims.aud != self.issuer {
            return Err("token issued for another app");
        }
        if claims.exp <= now() {
            return Err("token expired");
        }
        Ok(claims)
    }

    /// The public key as a JSON Web Key Set; its `kid` is the key's
    /// RFC 7638 thumbprint, so it changes exactly when the key does.
    pub fn jwks(&self) -> serde_json::Value {
        let x = URL_SAFE_NO_PAD.encode(self.key.as_bytes());
        let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
        let kid = URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()));
        serde_json::json!({"keys": [{
            "kty": "OKP",
            "crv": "Ed25519",
            "alg": "EdDSA",
            "use": "sig",
            "kid": kid,
            "x": x,
        }]})
    }
}

/// Length of `header.payload`, the signed part of a token.
fn header_len(token: &str) -> usize {
    token.rfind('.').unwrap_or(0)
}

fn decode_json<T: serde::de::DeserializeOwned>(part: &str) -> Result<T, &'static str> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| "malformed token")?;
    serde_json::from_slice(&bytes).map_err(|_| "malformed token claims")
}

/// A fresh Ed25519 key pair as (PKCS#8 private PEM, SPKI public PEM).
pub fn generate_key_pair() -> (String, String) {
    let key = SigningKey::generate(&mut rand::rngs::OsRng);
    let private = key
        .to_pkcs8_pem(LineEnding::LF)
        .map(|p| p.to_string())
        .unwrap_or_default();
    let public = key
        .verifying_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap_or_default();
    (private, public)
}

/// Who is calling: anonymous, or a verified user with roles (and tenant).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caller {
    pub user_id: Option<Uuid>,
    pub roles: Vec<String>,
    pub tenant_id: Option<Uuid>,
    /// The raw access token, forwarded on calls to other services.
    pub token: Option<String>,
}

impl Caller {
    pub fn anonymous() -> Self {
        Caller::default()
    }

    pub fn from_claims(claims: Claims, token: String) -> Self {
        Caller {
            user_id: Some(claims.sub),
            roles: claims.roles,
            tenant_id: claims.tid,
            token: Some(token),
        }
    }

    pub fn signed_in(&self) -> bool {
        self.user_id.is_some()
    }

    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }

    pub fn has_any_role(&self, roles: &[&str]) -> bool {
        roles.iter().any(|r| self.has_role(r))
    }

    pub fn is(&self, user: Option<Uuid>) -> bool {
        self.user_id.is_some() && self.user_id == user
    }

    /// The user id, or 401.
    pub fn require(&self) -> Result<Uuid, Problem> {
        self.user_id.ok_or_else(Problem::unauthorized)
    }
}

/// The token of a request: the bearer token, else the access cookie.
pub fn token_of(headers: &HeaderMap) -> Option<String> {
    if let Some(value) = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        return value.strip_prefix("Bearer ").map(|t| t.trim().to_owned());
    }
    cookie(headers, ACCESS_COOKIE)
}

/// The value of a cookie.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The caller, resolved by the server's authentication middleware.
impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        Ok(parts
            .extensions
            .get::<Caller>()
            .cloned()
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> (TokenSigner, TokenVerifier) {
        let (private, public) = generate_key_pair();
        let signer = TokenSigner::from_pem(&private, "app").unwrap();
        let verifier = TokenVerifier::from_pem(&public, "app").unwrap();
        (signer, verifier)
    }

    #[test]
    fn tokens_round_trip_and_expire() {
        let (signer, verifier) = pair();
        let user = Uuid::new_v4();
        let token = signer.sign(user, &["admin".into()], None);
        let claims = verifier.verify(&token).unwrap();
        assert_eq!(claims.sub, user);
        assert_eq!(claims.roles, vec!["admin".to_owned()]);
        let old = signer.sign_at(user, &[], None, now() - 3600, 60);
        assert_eq!(verifier.verify(&old), Err("token expired"));
    }

    #[test]
    fn verified_tokens_are_remembered_until_they_expire_and_memory_is_bounded() {
        let (signer, verifier) = pair();
        let token = signer.sign(Uuid::new_v4(), &[], None);
        let claims = verifier.verify(&token).unwrap();
        assert_eq!(verifier.verified.lock().unwrap().get(&token), Some(&claims));
        // A remembered token that has since expired is refused.
        let mut expired = claims.clone();
        expired.exp = now() - 1;
        verifier
            .verified
            .lock()
            .unwrap()
            .insert("remembered".into(), expired);
        assert_eq!(verifier.verify("remembered"), Err("token expired"));
        // Refused tokens are not remembered.
        assert!(verifier.verify("a.b.c").is_err());
        assert!(!verifier.verified.lock().unwrap().contains_key("a.b.c"));
        {
            let mut verified = verifier.verified.lock().unwrap();
            for i in 0..VERIFIED_CAPACITY {
                verified.insert(format!("t{i}"), claims.clone());
            }
        }
        let another = signer.sign(Uuid::new_v4(), &[], None);
        verifier.verify(&another).unwrap();
        assert_eq!(verifier.verified.lock().unwrap().len(), 1);
    }

    #[test]
    fn forged_and_foreign_tokens_are_refused() {
        let (signer, verifier) = pair();
        let (other, _) = pair();
        let token = other.sign(Uuid::new_v4(), &[], None);
        assert_eq!(verifier.verify(&token), Err("bad token signature"));
        let mut tampered = signer.sign(Uuid::new_v4(), &[], None);
        tampered.insert(tampered.rfind('.').unwrap() - 2, 'x');
        assert!(verifier.verify(&tampered).is_err());
        assert_eq!(verifier.verify("a.b"), Err("malformed token"));
        let elsewhere = TokenVerifier::from_pem(&generate_key_pair().1, "other").unwrap();
        assert!(elsewhere.verify(&token).is_err());
        assert!(TokenSigner::from_pem("nope", "app").is_err());
        assert!(TokenVerifier::from_pem("nope", "app").is_err());
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(b"{}")
        );
        assert_eq!(verifier.verify(&none), Err("unsupported token algorithm"));
        assert_eq!(verifier.jwks()["keys"][0]["crv"], "Ed25519");
    }

    #[test]
    fn tokens_come_from_bearer_or_cookie() {
        let mut headers = HeaderMap::new();
        headers.insert("cookie", "a=1; keel_access=tok; b=2".parse().unwrap());
        assert_eq!(token_of(&headers).as_deref(), Some("tok"));
        headers.insert("authorization", "Bearer bear".parse().unwrap());
        assert_eq!(token_of(&headers).as_deref(), Some("bear"));
        assert_eq!(cookie(&headers, "b").as_deref(), Some("2"));
        let caller = Caller::anonymous();
        assert!(!caller.signed_in());
        assert!(caller.require().is_err());
        assert!(!caller.is(None));
    }
}
