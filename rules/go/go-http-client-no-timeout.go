package crewai

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"
)

type Client struct {
	baseURL string
	http    *http.Client
}

func NewClient(baseURL string) *Client {
	// ruleid: go-http-client-no-timeout
	return &Client{baseURL: baseURL, http: &http.Client{}}
}

func NewPooledClient(baseURL string) *Client {
	transport := &http.Transport{MaxIdleConnsPerHost: 16}
	// ruleid: go-http-client-no-timeout
	client := &http.Client{Transport: transport}
	return &Client{baseURL: baseURL, http: client}
}

func (c *Client) Health() error {
	// ruleid: go-http-client-no-timeout
	resp, err := http.Get(c.baseURL + "/health")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func (c *Client) RunWorkflow(name string, payload any) (*http.Response, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	// ruleid: go-http-client-no-timeout
	return http.Post(c.baseURL+"/workflow/"+name, "application/json", bytes.NewReader(body))
}

// The fix from the seed: a deadline on every request the client sends.
func NewClientWithTimeout(baseURL string) *Client {
	// ok: go-http-client-no-timeout
	return &Client{baseURL: baseURL, http: &http.Client{Timeout: 60 * time.Second}}
}

func NewTunedClient(baseURL string, timeout time.Duration) *Client {
	// ok: go-http-client-no-timeout
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	client.Timeout = timeout
	return &Client{baseURL: baseURL, http: client}
}

func (c *Client) RunWithDeadline(ctx context.Context, name string) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.baseURL+"/workflow/"+name, nil)
	if err != nil {
		return 0, err
	}
	// ok: go-http-client-no-timeout
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func Ping(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	// ok: go-http-client-no-timeout
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

var sharedClient = &http.Client{
	// ok: go-http-client-no-timeout
	Timeout: 30 * time.Second,
}
