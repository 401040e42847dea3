package dashboard

import (
	"net/http"
	"time"

	"gorm.io/gorm"
)

type Plugin struct {
	ID      uint
	Name    string
	Enabled bool
}

type Briefing struct {
	ID       uint
	PluginID uint
	UserID   uint
	Content  string
}

type Handler struct {
	db *gorm.DB
}

func (h *Handler) Dashboard(w http.ResponseWriter, r *http.Request, userID uint) {
	var plugins []Plugin
	// ok: go-gorm-query-in-loop
	h.db.Where("enabled = ?", true).Find(&plugins)

	tiles := make([]Briefing, 0, len(plugins))
	for _, plugin := range plugins {
		var latest Briefing
		// ruleid: go-gorm-query-in-loop
		h.db.Where("plugin_id = ? AND user_id = ?", plugin.ID, userID).Order("created_at DESC").First(&latest)
		tiles = append(tiles, latest)
	}
	_ = tiles
}

func CountPerPlugin(db *gorm.DB, plugins []Plugin) map[uint]int64 {
	counts := map[uint]int64{}
	for i := range plugins {
		var n int64
		// ruleid: go-gorm-query-in-loop
		db.Model(&Briefing{}).Where("plugin_id = ?", plugins[i].ID).Count(&n)
		counts[plugins[i].ID] = n
	}
	return counts
}

func LoadAll(db *gorm.DB, ids []uint) []Briefing {
	out := []Briefing{}
	for _, id := range ids {
		var b Briefing
		// ruleid: go-gorm-query-in-loop
		if err := db.First(&b, id).Error; err == nil {
			out = append(out, b)
		}
	}
	return out
}

// The fix from the seed: one query, then a map lookup per tile.
func LatestPerPlugin(db *gorm.DB, userID uint, plugins []Plugin) map[uint]Briefing {
	ids := make([]uint, 0, len(plugins))
	for _, p := range plugins {
		ids = append(ids, p.ID)
	}
	var latest []Briefing
	// ok: go-gorm-query-in-loop
	db.Raw(`SELECT DISTINCT ON (plugin_id) * FROM briefings
		WHERE user_id = ? AND plugin_id IN ? ORDER BY plugin_id, created_at DESC`, userID, ids).Scan(&latest)
	byPlugin := make(map[uint]Briefing, len(latest))
	for _, b := range latest {
		byPlugin[b.PluginID] = b
	}
	return byPlugin
}

// Retrying one query with backoff: the query does not depend on the loop variable.
func PendingJobs(db *gorm.DB) ([]Briefing, error) {
	var pending []Briefing
	var err error
	for _, delay := range []time.Duration{0, time.Second, 5 * time.Second} {
		time.Sleep(delay)
		// ok: go-gorm-query-in-loop
		if err = db.Where("content = ?", "").Find(&pending).Error; err == nil {
			break
		}
	}
	return pending, err
}

func PluginNames(db *gorm.DB, plugins []Plugin) []string {
	names := []string{}
	for _, p := range plugins {
		// ok: go-gorm-query-in-loop
		names = append(names, p.Name)
	}
	var enabled []string
	// ok: go-gorm-query-in-loop
	db.Model(&Plugin{}).Where("enabled = ?", true).Pluck("name", &enabled)
	return append(names, enabled...)
}
