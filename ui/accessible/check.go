package accessible

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cliodest/cliodest/flow"
)

// checkFields runs flow's own file checks on the destination as it stands
// and returns the problems of the fields under one of prefixes, so a step can
// ask again at once instead of failing at save time. Other fields' problems
// (steps not answered yet) are left for their own steps.
func (j *journey) checkFields(prefixes ...string) error {
	data, err := flow.Marshal(j.d)
	if err != nil {
		return fmt.Errorf("rendering the destination: %w", err)
	}
	_, err = flow.Parse(data, "destination")
	var le *flow.LoadError
	if !errors.As(err, &le) {
		return err
	}
	var msgs []string
	for _, p := range le.Problems {
		if p.Warning {
			continue
		}
		for _, pre := range prefixes {
			if p.Field == pre || strings.HasPrefix(p.Field, pre+".") || strings.HasPrefix(p.Field, pre+"[") {
				msgs = append(msgs, p.Message)
				break
			}
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New(strings.Join(msgs, "; "))
}
