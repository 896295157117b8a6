package control

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"conforms"
)

// Settings under which the bootstrap identity is stored.
const (
	settingAccountID   = "bootstrap.account_id"
	settingAccessKeyID = "bootstrap.access_key_id"
)

// BootstrapInput asks for a bootstrap identity; empty fields are generated on
// the first start and must match the stored identity on later starts.
type BootstrapInput struct {
	AccountID       string
	AccessKeyID     string
	SecretAccessKey string
}

var (
	accessKeyIDPattern = regexp.MustCompile(`^[A-Z0-9]{16,128}$`)
)

// Bootstrap returns the server's bootstrap identity: the account that will
// become the organization's management account and its root access key. The
// first call creates and stores them; later calls return the stored ones and
// refuse input that contradicts them. Concurrent first calls, from this or
// another replica, agree on one identity.
func (s *Service) Bootstrap(ctx context.Context, in BootstrapInput) (key *conforms.AccessKey, created bool, err error) {
	if in.AccountID != "" && !accountIDPattern.MatchString(in.AccountID) {
		return nil, false, fmt.Errorf("bootstrap: account id %q is not 12 digits", in.AccountID)
	}
	if in.AccessKeyID != "" && !accessKeyIDPattern.MatchString(in.AccessKeyID) {
		return nil, false, fmt.Errorf("bootstrap: access key id %q must be 16 to 128 upper-case letters and digits", in.AccessKeyID)
	}
	if (in.AccessKeyID == "") != (in.SecretAccessKey == "") {
		return nil, false, errors.New("bootstrap: give both the root access key id and its secret, or neither")
	}
	err = s.Store.Update(ctx, func(tx conforms.Tx) error {
		key, created, err = s.bootstrap(tx, in)
		return err
	})
	return key, created, err
}

func (s *Service) bootstrap(tx conforms.Tx, in BootstrapInput) (*conforms.AccessKey, bool, error) {
	accountID, err := tx.Setting(settingAccountID)
	if errors.Is(err, conforms.ErrNotFound) {
		k, err := s.createIdentity(tx, in)
		return k, true, err
	} else if err != nil {
		return nil, false, err
	}
	keyID, err := tx.Setting(settingAccessKeyID)
	if err != nil {
		return nil, false, fmt.Errorf("bootstrap: load root key id: %w", err)
	}
	k, err := tx.AccessKey(keyID)
	if err != nil {
		return nil, false, fmt.Errorf("bootstrap: load root key: %w", err)
	}
	switch {
	case in.AccountID != "" && in.AccountID != accountID:
		return nil, false, fmt.Errorf("bootstrap: CONFORMS_ACCOUNT_ID=%s contradicts the stored management account %s; unset it or use another data directory", in.AccountID, accountID)
	case in.AccessKeyID != "" && in.AccessKeyID != k.ID:
		return nil, false, fmt.Errorf("bootstrap: CONFORMS_ROOT_ACCESS_KEY_ID=%s contradicts the stored root access key %s; unset it or use another data directory", in.AccessKeyID, k.ID)
	case in.SecretAccessKey != "" && in.SecretAccessKey != k.Secret:
		return nil, false, fmt.Errorf("bootstrap: CONFORMS_ROOT_SECRET_ACCESS_KEY contradicts the stored secret of %s; unset it or use another data directory", k.ID)
	}
	return k, false, nil
}

func (s *Service) createIdentity(tx conforms.Tx, in BootstrapInput) (*conforms.AccessKey, error) {
	if in.AccountID == "" {
		in.AccountID = s.random(digits, 12)
	}
	if in.AccessKeyID == "" {
		in.AccessKeyID, in.SecretAccessKey = "AKIA"+s.random(upperAlnum, 16), s.random(secretSet, 40)
	}
	now := s.now()
	a := &conforms.Account{
		ID: in.AccountID, Name: "management", Email: "management@" + in.AccountID + ".conforms.invalid",
		Status: conforms.AccountActive, CreatedAt: now,
	}
	k := &conforms.AccessKey{
		ID: in.AccessKeyID, Secret: in.SecretAccessKey, AccountID: a.ID,
		PrincipalArn: conforms.RootArn(a.ID), UserID: a.ID, CreatedAt: now,
	}
	if err := tx.PutAccount(a); err != nil {
		return nil, fmt.Errorf("bootstrap: create account: %w", err)
	}
	if err := tx.PutAccessKey(k); err != nil {
		return nil, fmt.Errorf("bootstrap: create root key: %w", err)
	}
	if _, err := tx.PutSettingIfAbsent(settingAccessKeyID, k.ID); err != nil {
		return nil, err
	}
	if _, err := tx.PutSettingIfAbsent(settingAccountID, a.ID); err != nil {
		return nil, err
	}
	return k, nil
}
