package shape

import (
	"encoding/base64"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// render formats a value the way AWS's Java services print it in violation
// messages (without the surrounding quotes): scalars as text, lists as
// "[a, b]", maps as "{k=v, k2=v2}" (keys sorted), nil as "null", blobs in
// base64, timestamps in RFC 3339, and structures by their shape name, where
// Java would print ClassName@hash.
func render(v any) string {
	return renderValue(reflect.ValueOf(v))
}

var timestampType = reflect.TypeFor[Timestamp]()

func renderValue(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Invalid:
		return "null"
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "null"
		}
		return renderValue(v.Elem())
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, v.Type().Bits())
	case reflect.Slice:
		return renderSlice(v)
	case reflect.Map:
		return renderMap(v)
	case reflect.Struct:
		if v.Type() == timestampType {
			return v.Interface().(Timestamp).UTC().Format(time.RFC3339Nano)
		}
		return v.Type().Name()
	}
	return v.Type().String()
}

func renderSlice(v reflect.Value) string {
	if v.IsNil() {
		return "null"
	}
	if v.Type().Elem().Kind() == reflect.Uint8 {
		return base64.StdEncoding.EncodeToString(v.Bytes())
	}
	parts := make([]string, v.Len())
	for i := range parts {
		parts[i] = renderValue(v.Index(i))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func renderMap(v reflect.Value) string {
	if v.IsNil() {
		return "null"
	}
	parts := make([]string, 0, v.Len())
	for _, k := range v.MapKeys() {
		parts = append(parts, renderValue(k)+"="+renderValue(v.MapIndex(k)))
	}
	slices.Sort(parts)
	return "{" + strings.Join(parts, ", ") + "}"
}
