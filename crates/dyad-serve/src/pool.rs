//! Read-only store connections shared by the request handlers. SQLite
//! calls block, so each query runs on tokio's blocking threads; the pool
//! bounds how many run at once (one per connection), and a query that
//! overruns its time is interrupted inside SQLite rather than left to run.

use crate::error::ApiError;
use dyad_store::Store;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Connections to one store, opened read-only.
#[derive(Clone)]
pub struct Pool {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Arc<Semaphore>,
    timeout: Duration,
}

/// Whether a query has ended; guards the interrupt so that it never hits
/// the next query on the same connection.
type Finished = Arc<Mutex<bool>>;

impl Pool {
    /// Open `connections` read-only connections to the store at `path`;
    /// each query may run for at most `timeout`, waiting included.
    pub fn open(
        path: &Path,
        connections: usize,
        timeout: Duration,
    ) -> Result<Pool, dyad_store::StoreError> {
        let n = connections.max(1);
        let stores = (0..n)
            .map(|_| Store::open_read_only(path))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Pool {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                idle: Mutex::new(stores),
                permits: Arc::new(Semaphore::new(n)),
                timeout,
            }),
        })
    }

    /// The store file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Run `f` on a connection, off the async threads. Waits for a free
    /// connection; past the time limit the query is interrupted and the
    /// answer is 503. A panic in `f` is a 500, and its connection is
    /// replaced.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let deadline = tokio::time::Instant::now() + self.inner.timeout;
        let busy = || {
            ApiError::unavailable(format!(
                "the server is busy or the query took over {} s; narrow the filters (dates, actors) or try again",
                self.inner.timeout.as_secs()
            ))
        };
        let permit = tokio::time::timeout_at(deadline, self.inner.permits.clone().acquire_owned())
            .await
            .map_err(|_| busy())?
            .map_err(|_| ApiError::internal("connection pool closed"))?;
        let store = self.take()?;
        let interrupt = store.interrupt_handle();
        let finished: Finished = Arc::default();
        let done = finished.clone();
        let inner = self.inner.clone();
        let task = tokio::task::spawn_blocking(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&store)));
            if let Ok(mut d) = done.lock() {
                *d = true;
            }
            let store = match result {
                Ok(_) => Ok(store),
                // A panic may have left the connection mid-statement.
                Err(_) => Store::open_read_only(&inner.path),
            };
            if let (Ok(s), Ok(mut idle)) = (store, inner.idle.lock()) {
                idle.push(s);
            }
            drop(permit);
            result
        });
        match tokio::time::timeout_at(deadline, task).await {
            Ok(Ok(Ok(answer))) => answer,
            Ok(Ok(Err(_))) | Ok(Err(_)) => Err(ApiError::internal("the query failed unexpectedly")),
            Err(_) => {
                if let Ok(d) = finished.lock() {
                    if !*d {
                        interrupt.interrupt();
                    }
                }
                Err(busy())
            }
        }
    }

    fn take(&self) -> Result<Store, ApiError> {
        let popped = self.inner.idle.lock().ok().and_then(|mut v| v.pop());
        match popped {
            Some(s) => Ok(s),
            // Only when replacing a panicked connection failed.
            None => Store::open_read_only(&self.inner.path)
                .map_err(|e| ApiError::internal(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(timeout: Duration) -> (tempfile::TempDir, Pool) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.db");
        Store::create(&path, &dyad_store::CreateOptions::default()).unwrap();
        let pool = Pool::open(&path, 1, timeout).unwrap();
        (dir, pool)
    }

    #[test]
    fn an_overrunning_query_is_a_503_and_its_connection_comes_back() {
        let (_dir, pool) = pool(Duration::from_millis(50));
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let slow = pool
                .run(|_| {
                    std::thread::sleep(Duration::from_millis(300));
                    Ok(())
                })
                .await;
            assert_eq!(
                slow.unwrap_err().status,
                axum::http::StatusCode::SERVICE_UNAVAILABLE
            );
            tokio::time::sleep(Duration::from_millis(400)).await;
            let n = pool
                .run(|s| Ok(s.stats(0).map(|st| st.events).unwrap_or(-1)))
                .await;
            assert_eq!(n, Ok(0));
        });
    }

    #[test]
    fn a_panicking_query_is_a_500_and_the_pool_goes_on() {
        let (_dir, pool) = pool(Duration::from_secs(5));
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let r: Result<(), ApiError> = pool.run(|_| panic!("a bug")).await;
            assert_eq!(
                r.unwrap_err().status,
                axum::http::StatusCode::INTERNAL_SERVER_ERROR
            );
            assert_eq!(pool.run(|_| Ok(1)).await, Ok(1));
        });
    }
}
