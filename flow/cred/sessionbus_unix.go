//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package cred

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// errNoSessionBus is why the Secret Service cannot be reached: there is no
// D-Bus session bus to reach it through.
var errNoSessionBus = errors.New("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set and no bus socket is in /run/user/" +
	fmt.Sprint(os.Getuid()))

// sessionBus reports whether a D-Bus session bus already exists, the way
// godbus finds one (the environment, then /run/user/UID/bus or
// dbus-session). Without one, godbus would autolaunch a bus (dbus-launch),
// which leaves a dbus-daemon and a keyring daemon running after cliodest
// exits; so the keyring is used only through a bus that exists.
func sessionBus() error {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return nil
	}
	dir := filepath.Join("/run/user", fmt.Sprint(os.Getuid()))
	for _, name := range []string{"bus", "dbus-session"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return nil
		}
	}
	return errNoSessionBus
}
