package reactions

import (
	"context"
	"encoding/json"
	"log/slog"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

type Event struct {
	AppID string `json:"app_id"`
	Type  string `json:"type"`
}

type Engine interface {
	Evaluate(ctx context.Context, evt Event) error
}

type DeadLetters interface {
	Publish(ctx context.Context, data []byte, reason error) error
}

// Consume is the reaction engine consumer as the seed found it.
func Consume(ctx context.Context, js nats.JetStreamContext, engine Engine) (*nats.Subscription, error) {
	return js.Subscribe("events.>", func(msg *nats.Msg) {
		// ruleid: go-ack-before-process
		msg.Ack()
		var evt Event
		if err := json.Unmarshal(msg.Data, &evt); err != nil {
			slog.Error("bad event", "err", err)
			return
		}
		if err := engine.Evaluate(ctx, evt); err != nil {
			slog.Error("rule evaluation failed", "err", err)
		}
	}, nats.ManualAck())
}

func ConsumeLogged(ctx context.Context, cons jetstream.Consumer, engine Engine) (jetstream.ConsumeContext, error) {
	return cons.Consume(func(msg jetstream.Msg) {
		var evt Event
		if err := json.Unmarshal(msg.Data(), &evt); err != nil {
			slog.Error("bad event", "err", err)
		}
		err := engine.Evaluate(ctx, evt)
		if err != nil {
			slog.Error("rule evaluation failed", "err", err, "type", evt.Type)
		}
		// ruleid: go-ack-before-process
		_ = msg.Ack()
	})
}

func ConsumeDeferred(ctx context.Context, cons jetstream.Consumer, engine Engine) (jetstream.ConsumeContext, error) {
	return cons.Consume(func(msg jetstream.Msg) {
		// ruleid: go-ack-before-process
		defer msg.Ack()
		var evt Event
		if err := json.Unmarshal(msg.Data(), &evt); err != nil {
			return
		}
		_ = engine.Evaluate(ctx, evt)
	})
}

// The fix from the seed: ack after the work, nak retryable failures, dead-letter poison messages.
func ConsumeSafely(ctx context.Context, cons jetstream.Consumer, engine Engine, dlq DeadLetters) (jetstream.ConsumeContext, error) {
	return cons.Consume(func(msg jetstream.Msg) {
		var evt Event
		if err := json.Unmarshal(msg.Data(), &evt); err != nil {
			if dlqErr := dlq.Publish(ctx, msg.Data(), err); dlqErr != nil {
				_ = msg.Nak()
				return
			}
			// ok: go-ack-before-process
			_ = msg.Term()
			return
		}
		if err := engine.Evaluate(ctx, evt); err != nil {
			slog.Error("rule evaluation failed", "err", err)
			_ = msg.Nak()
			return
		}
		// ok: go-ack-before-process
		_ = msg.Ack()
	})
}

func Drain(ctx context.Context, sub *nats.Subscription, engine Engine) error {
	msgs, err := sub.Fetch(100)
	if err != nil {
		return err
	}
	for _, msg := range msgs {
		var evt Event
		if err := json.Unmarshal(msg.Data, &evt); err != nil {
			_ = msg.Term()
			continue
		}
		if err := engine.Evaluate(ctx, evt); err != nil {
			// ok: go-ack-before-process
			_ = msg.Nak()
			continue
		}
		// ok: go-ack-before-process
		if err := msg.AckSync(); err != nil {
			slog.Warn("ack failed", "err", err)
		}
	}
	return nil
}

// An audit consumer has nothing that can fail; only the ack's own error is logged.
func ConsumeAudit(cons jetstream.Consumer, audit *slog.Logger) (jetstream.ConsumeContext, error) {
	return cons.Consume(func(msg jetstream.Msg) {
		audit.Info("event", "subject", msg.Subject(), "bytes", len(msg.Data()))
		// ok: go-ack-before-process
		if err := msg.DoubleAck(context.Background()); err != nil {
			audit.Warn("ack failed", "err", err)
		}
	})
}
