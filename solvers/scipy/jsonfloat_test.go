package scipy

import (
	"encoding/json"
	"strconv"
)

// jsonFloat reads a number, or a string that strconv.ParseFloat reads, as
// the scripts in testdata write what JSON cannot hold: "inf", "-inf",
// "+Inf", "NaN".
type jsonFloat float64

func (v *jsonFloat) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		f, err := strconv.ParseFloat(s, 64)
		*v = jsonFloat(f)
		return err
	}
	var f float64
	err := json.Unmarshal(b, &f)
	*v = jsonFloat(f)
	return err
}
