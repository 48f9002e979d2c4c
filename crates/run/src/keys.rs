//! The JWT signing key pair: identity signs with the private key, every
//! service verifies with the public one. Made by the app's own
//! `identity keygen` (so the format is exactly what the services read), and
//! kept in the data directory when there is one, so sessions survive a
//! restart.

use std::path::Path;
use std::process::Command;

pub struct KeyPair {
    /// PKCS#8 PEM.
    pub private: String,
    /// SPKI PEM.
    pub public: String,
}

const PRIVATE_FILE: &str = "jwt-private.pem";
const PUBLIC_FILE: &str = "jwt-public.pem";
const PUBLIC_BEGIN: &str = "-----BEGIN PUBLIC KEY-----";

/// The pair stored in `dir`, or a new one from `identity keygen` written
/// there (private key readable by its owner only).
pub fn load_or_generate(dir: &Path, identity_binary: &Path) -> Result<(KeyPair, bool), String> {
    let private = dir.join(PRIVATE_FILE);
    let public = dir.join(PUBLIC_FILE);
    if private.is_file() && public.is_file() {
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
        };
        return Ok((
            KeyPair {
                private: read(&private)?,
                public: read(&public)?,
            },
            false,
        ));
    }
    let pair = generate(identity_binary)?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    write_private(&private, &pair.private)?;
    std::fs::write(&public, &pair.public)
        .map_err(|e| format!("cannot write {}: {e}", public.display()))?;
    Ok((pair, true))
}

fn write_private(path: &Path, pem: &str) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .and_then(|mut f| f.write_all(pem.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Runs `identity keygen`, which prints the private PEM, then the public PEM.
pub fn generate(identity_binary: &Path) -> Result<KeyPair, String> {
    let out = Command::new(identity_binary)
        .arg("keygen")
        .output()
        .map_err(|e| format!("cannot run {} keygen: {e}", identity_binary.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{} keygen failed ({}): {}",
            identity_binary.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    split(&String::from_utf8_lossy(&out.stdout))
}

fn split(text: &str) -> Result<KeyPair, String> {
    let at = text
        .find(PUBLIC_BEGIN)
        .ok_or("identity keygen printed no public key")?;
    let (private, public) = text.split_at(at);
    if !private.contains("-----BEGIN PRIVATE KEY-----") {
        return Err("identity keygen printed no private key".into());
    }
    Ok(KeyPair {
        private: private.trim().to_owned() + "\n",
        public: public.trim().to_owned() + "\n",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_two_pem_blocks() {
        let text = "-----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY-----\n\
                    -----BEGIN PUBLIC KEY-----\nBBB\n-----END PUBLIC KEY-----\n";
        let pair = split(text).unwrap();
        assert_eq!(
            pair.private,
            "-----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY-----\n"
        );
        assert_eq!(
            pair.public,
            "-----BEGIN PUBLIC KEY-----\nBBB\n-----END PUBLIC KEY-----\n"
        );
        assert!(split("-----BEGIN PUBLIC KEY-----\nBBB\n").is_err());
        assert!(split("nothing").is_err());
    }

    #[test]
    fn a_stored_pair_is_reused_and_the_private_key_is_private() {
        let dir = tempfile::tempdir().unwrap();
        // A "keygen" that prints a fixed pair, standing in for the app's binary.
        let script = dir.path().join("identity");
        std::fs::write(
            &script,
            "#!/bin/sh\n[ \"$1\" = keygen ] || exit 3\nprintf -- '-----BEGIN PRIVATE KEY-----\\nA\\n-----END PRIVATE KEY-----\\n-----BEGIN PUBLIC KEY-----\\nB\\n-----END PUBLIC KEY-----\\n'\n",
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let keys = dir.path().join("keys");
        let (first, made) = load_or_generate(&keys, &script).unwrap();
        assert!(made);
        let mode = std::fs::metadata(keys.join(PRIVATE_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        // Changing the generator shows the second call does not run it.
        std::fs::write(&script, "#!/bin/sh\nexit 1\n").unwrap();
        let (second, made) = load_or_generate(&keys, &script).unwrap();
        assert!(!made);
        assert_eq!(first.private, second.private);
        assert_eq!(first.public, second.public);
        assert!(generate(&script).is_err());
    }
}
