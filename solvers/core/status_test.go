package core

import "testing"

// TestStatusNames: every status has a name of its own that ParseStatus
// reads back (results.jsonl stores the name), and a message; a name that
// is no status's is refused.
func TestStatusNames(t *testing.T) {
	seen := map[string]bool{}
	for s := Success; s <= Epochs; s++ {
		name := s.String()
		if seen[name] {
			t.Errorf("%d: name %q taken twice", int(s), name)
		}
		seen[name] = true
		if got, err := ParseStatus(name); err != nil || got != s {
			t.Errorf("ParseStatus(%q) = %v, %v; want %d", name, got, err, int(s))
		}
		if s != Failed && s.Message(0) == Failed.Message(0) {
			t.Errorf("%s has no message of its own", name)
		}
	}
	if Epochs.String() != "epochs" {
		t.Errorf("Epochs is %q, want epochs", Epochs)
	}
	if _, err := ParseStatus("epoch"); err == nil {
		t.Error("ParseStatus(epoch) read a status")
	}
}
