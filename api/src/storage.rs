//! One storage layer for the files the server keeps (card photos now, proposal documents next),
//! over the `object_store` crate: a directory under `SATU_DATA_DIR` by default, or an
//! S3-compatible bucket when `SATU_STORAGE_URL=s3://bucket[/prefix]` is set, so that several API
//! instances share one set of files. Keys are relative paths such as `photos/<sha256>.png`; a
//! file is written whole or not at all (the local store writes a temporary file and renames it,
//! S3 makes an object visible only once it is complete).

use std::path::Path as FsPath;
use std::sync::Arc;

use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, PutPayload};

/// Where the files are and how to reach them.
/// Files as a store lists them: each key and when it was last written.
pub type Listing = futures_util::stream::BoxStream<
    'static,
    anyhow::Result<(String, chrono::DateTime<chrono::Utc>)>,
>;

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    prefix: Option<Path>,
    /// For logs and `/api/v1/info`: `local` or `s3://bucket/prefix` (never a credential).
    label: String,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// A key that is a plain relative path of safe names (no `..`, no empty part): what callers may
/// store under.
fn checked(key: &str) -> anyhow::Result<Path> {
    let ok = !key.is_empty()
        && key.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        });
    anyhow::ensure!(ok, "not a storage key: {key:?}");
    Ok(Path::from(key))
}

impl Storage {
    /// The data directory itself (so the files of earlier versions, `photos/…`, stay where they
    /// are).
    pub fn local(data_dir: &FsPath) -> anyhow::Result<Storage> {
        std::fs::create_dir_all(data_dir)?;
        let store = LocalFileSystem::new_with_prefix(data_dir)?;
        Ok(Storage {
            store: Arc::new(store),
            prefix: None,
            label: "local".into(),
        })
    }

    /// An S3-compatible bucket: `url` is `s3://bucket[/prefix]`; `options` are `object_store`'s
    /// S3 settings (`endpoint`, `region`, `access_key_id`, `secret_access_key`, `allow_http`, …)
    /// over the standard `AWS_*` environment variables.
    pub fn s3(url: &str, options: &[(String, String)]) -> anyhow::Result<Storage> {
        let parsed = url::Url::parse(url)?;
        anyhow::ensure!(
            parsed.scheme() == "s3",
            "the storage URL must start with s3://"
        );
        let bucket = parsed
            .host_str()
            .filter(|b| !b.is_empty())
            .ok_or_else(|| anyhow::anyhow!("the storage URL names no bucket"))?
            .to_owned();
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(&bucket);
        for (k, v) in options {
            let key: object_store::aws::AmazonS3ConfigKey = k
                .parse()
                .map_err(|_| anyhow::anyhow!("unknown S3 storage option {k:?}"))?;
            builder = builder.with_config(key, v);
        }
        let prefix = parsed.path().trim_matches('/');
        let prefix = if prefix.is_empty() {
            None
        } else {
            Some(checked(prefix)?)
        };
        let label = match &prefix {
            Some(p) => format!("s3://{bucket}/{p}"),
            None => format!("s3://{bucket}"),
        };
        Ok(Storage {
            store: Arc::new(builder.build()?),
            prefix,
            label,
        })
    }

    /// The configured store: S3 when a storage URL is set, else the data directory.
    pub fn from_config(config: &crate::config::Config) -> anyhow::Result<Storage> {
        match &config.storage_url {
            Some(url) => Storage::s3(url, &config.storage_options()),
            None => Storage::local(&config.data_dir),
        }
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    fn path(&self, key: &str) -> anyhow::Result<Path> {
        let key = checked(key)?;
        Ok(match &self.prefix {
            Some(p) => p.parts().chain(key.parts()).collect(),
            None => key,
        })
    }

    /// Writes a file whole (replacing one of the same key).
    pub async fn put(&self, key: &str, bytes: Bytes) -> anyhow::Result<()> {
        let path = self.path(key)?;
        self.store.put(&path, PutPayload::from(bytes)).await?;
        Ok(())
    }

    /// A file's bytes, `None` when there is no such file.
    pub async fn get(&self, key: &str) -> anyhow::Result<Option<Bytes>> {
        let path = self.path(key)?;
        match self.store.get(&path).await {
            Ok(r) => Ok(Some(r.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The files under `dir` (a key prefix such as `documents`) and when each was last written, a
    /// page at a time as the store lists them (any number of files in the same memory).
    pub fn list(&self, dir: &str) -> anyhow::Result<Listing> {
        use futures_util::StreamExt;
        let path = self.path(dir)?;
        let skip = self.prefix.as_ref().map_or(0, |p| p.parts().count());
        Ok(self
            .store
            .list(Some(&path))
            .map(move |meta| {
                let meta = meta?;
                let key: Vec<String> = meta
                    .location
                    .parts()
                    .skip(skip)
                    .map(|p| p.as_ref().to_owned())
                    .collect();
                Ok((key.join("/"), meta.last_modified))
            })
            .boxed())
    }

    /// When a file was last written, `None` when there is no such file.
    pub async fn modified(
        &self,
        key: &str,
    ) -> anyhow::Result<Option<chrono::DateTime<chrono::Utc>>> {
        let path = self.path(key)?;
        match self.store.head(&path).await {
            Ok(meta) => Ok(Some(meta.last_modified)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Whether a file exists.
    pub async fn exists(&self, key: &str) -> anyhow::Result<bool> {
        let path = self.path(key)?;
        match self.store.head(&path).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Removes a file (gone already is fine).
    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        let path = self.path(key)?;
        match self.store.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn keys_are_plain_relative_paths() {
        for good in ["photos/ab12.png", "documents/2026/x_y-z.pdf", "a"] {
            assert!(checked(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "photos/../../x",
            "photos//x",
            "photos/./x",
            "photos/a b",
            "photos/é",
            "photos/x/",
        ] {
            assert!(checked(bad).is_err(), "{bad}");
        }
    }

    #[actix_web::test]
    async fn the_local_store_writes_reads_and_deletes_under_the_data_dir() {
        let dir = tempfile::tempdir().unwrap();
        let s = Storage::local(dir.path()).unwrap();
        assert_eq!(s.get("photos/none.png").await.unwrap(), None);
        assert!(!s.exists("photos/a.png").await.unwrap());
        s.put("photos/a.png", Bytes::from_static(b"abc"))
            .await
            .unwrap();
        assert!(dir.path().join("photos/a.png").exists());
        assert_eq!(
            s.get("photos/a.png").await.unwrap().as_deref(),
            Some(&b"abc"[..])
        );
        assert!(s.exists("photos/a.png").await.unwrap());
        s.put("photos/a.png", Bytes::from_static(b"new"))
            .await
            .unwrap();
        assert_eq!(
            s.get("photos/a.png").await.unwrap().as_deref(),
            Some(&b"new"[..])
        );
        s.delete("photos/a.png").await.unwrap();
        s.delete("photos/a.png").await.unwrap();
        assert_eq!(s.get("photos/a.png").await.unwrap(), None);
        assert!(s.put("../escape", Bytes::new()).await.is_err());
    }

    #[test]
    fn an_s3_url_names_its_bucket_and_prefix() {
        let s = Storage::s3(
            "s3://satu-files/instance-a/",
            &[
                ("endpoint".into(), "http://127.0.0.1:9".into()),
                ("region".into(), "us-east-1".into()),
                ("allow_http".into(), "true".into()),
                ("access_key_id".into(), "k".into()),
                ("secret_access_key".into(), "s".into()),
            ],
        )
        .unwrap();
        assert_eq!(s.label(), "s3://satu-files/instance-a");
        assert_eq!(
            s.path("photos/a.png").unwrap().as_ref(),
            "instance-a/photos/a.png"
        );
        assert!(Storage::s3("https://x/y", &[]).is_err());
        assert!(Storage::s3("s3:///nobucket", &[]).is_err());
        assert!(Storage::s3("s3://b", &[("no_such_option".into(), "1".into())]).is_err());
    }
}
