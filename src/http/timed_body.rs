//! A request body that gives up when its client goes quiet: hyper bounds the time to
//! send headers, but once a handler reads a body it would wait for the rest for ever.
//! Wrapped in [`TimedBody`], a body that sends nothing for the read timeout ends with
//! an error (`TimedOut`), the handler answers, and hyper closes the connection.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

pin_project_lite::pin_project! {
    pub struct TimedBody<B> {
        #[pin]
        inner: B,
        #[pin]
        idle: Sleep,
        timeout: Duration,
    }
}

impl<B> TimedBody<B> {
    pub fn new(inner: B, timeout: Duration) -> Self {
        Self {
            inner,
            idle: tokio::time::sleep(timeout),
            timeout,
        }
    }
}

impl<B> Body for TimedBody<B>
where
    B: Body<Data = Bytes, Error = io::Error>,
{
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let mut this = self.project();
        match this.inner.poll_frame(cx) {
            Poll::Ready(frame) => {
                let timeout = *this.timeout;
                this.idle.as_mut().reset(Instant::now() + timeout);
                Poll::Ready(frame)
            }
            Poll::Pending => match this.idle.poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "the client sent no part of the request body for {} s",
                        this.timeout.as_secs()
                    ),
                )))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::{BodyExt, StreamBody};

    #[tokio::test]
    async fn a_silent_body_times_out_and_a_steady_one_does_not() {
        // One chunk, then nothing: the read ends with TimedOut after the timeout.
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Frame<Bytes>, io::Error>>(4);
        let stream = tokio_stream_from(rx);
        let mut body = Box::pin(TimedBody::new(
            StreamBody::new(stream),
            Duration::from_millis(300),
        ));
        tx.send(Ok(Frame::data(Bytes::from_static(b"half"))))
            .await
            .unwrap();
        let first = body.frame().await.unwrap().unwrap();
        assert_eq!(first.into_data().unwrap(), "half");
        let started = Instant::now();
        let err = body.frame().await.unwrap().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert!(started.elapsed() >= Duration::from_millis(300));
        drop(tx);

        // A chunk every 100 ms keeps a 300 ms timeout from firing, however long it takes.
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Frame<Bytes>, io::Error>>(4);
        let body = Box::pin(TimedBody::new(
            StreamBody::new(tokio_stream_from(rx)),
            Duration::from_millis(300),
        ));
        tokio::spawn(async move {
            for _ in 0..5 {
                tokio::time::sleep(Duration::from_millis(100)).await;
                let _ = tx.send(Ok(Frame::data(Bytes::from_static(b"x")))).await;
            }
        });
        let all = body.collect().await.unwrap().to_bytes();
        assert_eq!(all.len(), 5);
    }

    fn tokio_stream_from(
        mut rx: tokio::sync::mpsc::Receiver<Result<Frame<Bytes>, io::Error>>,
    ) -> impl futures::Stream<Item = Result<Frame<Bytes>, io::Error>> {
        futures::stream::poll_fn(move |cx| rx.poll_recv(cx))
    }
}
