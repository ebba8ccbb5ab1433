package awstest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync/atomic"
)

// protocol writes responses and errors in one wire protocol.
type protocol interface {
	write(w http.ResponseWriter, r *request, def opDef, out any)
	writeError(w http.ResponseWriter, r *request, e *apiError)
}

var requestSeq atomic.Int64

func requestID() string {
	return "awstest-" + strconv.FormatInt(requestSeq.Add(1), 10)
}

// jsonProtocol is AWS JSON 1.1 (Smithy "AWS JSON 1.1 protocol").
type jsonProtocol struct{}

func (jsonProtocol) write(w http.ResponseWriter, _ *request, def opDef, out any) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-RequestId", requestID())
	b, err := json.Marshal(jsonWire(out, def.out))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	_, _ = w.Write(b)
}

// writeError writes {"__type": code, "message": ...} with X-Amzn-ErrorType,
// the error shape the protocol defines.
func (jsonProtocol) writeError(w http.ResponseWriter, _ *request, e *apiError) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-RequestId", requestID())
	w.Header().Set("X-Amzn-ErrorType", e.code)
	w.WriteHeader(e.status)
	b, _ := json.Marshal(map[string]string{"__type": e.code, "message": e.message})
	_, _ = w.Write(b)
}

// queryProtocol is the AWS query protocol (IAM, STS):
// <OpResponse><OpResult>...</OpResult><ResponseMetadata>...</OpResponse>.
type queryProtocol struct{}

var queryNamespaces = map[string]string{
	"iam": "https://iam.amazonaws.com/doc/2010-05-08/",
	"sts": "https://sts.amazonaws.com/doc/2011-06-15/",
}

func (queryProtocol) write(w http.ResponseWriter, r *request, def opDef, out any) {
	style := queryStyle
	if r.service == "iam" {
		style = iamStyle
	}
	var b bytes.Buffer
	b.WriteString(`<` + r.op + `Response xmlns="` + queryNamespaces[r.service] + `"><` + r.op + `Result>`)
	if m, ok := out.(map[string]any); ok {
		style.writeXMLFields(&b, m, def.out)
	}
	b.WriteString(`</` + r.op + `Result><ResponseMetadata><RequestId>` + requestID() + `</RequestId></ResponseMetadata></` + r.op + `Response>`)
	w.Header().Set("Content-Type", "text/xml")
	_, _ = w.Write(b.Bytes())
}

func (queryProtocol) writeError(w http.ResponseWriter, r *request, e *apiError) {
	var b bytes.Buffer
	b.WriteString(`<ErrorResponse xmlns="` + queryNamespaces[r.service] + `"><Error><Type>Sender</Type><Code>`)
	xmlText(&b, e.code)
	b.WriteString(`</Code><Message>`)
	xmlText(&b, e.message)
	b.WriteString(`</Message></Error><RequestId>` + requestID() + `</RequestId></ErrorResponse>`)
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(e.status)
	_, _ = w.Write(b.Bytes())
}

// ec2Protocol is the EC2 query protocol: the response element holds the
// members directly, after requestId.
type ec2Protocol struct{}

func (ec2Protocol) write(w http.ResponseWriter, r *request, def opDef, out any) {
	var b bytes.Buffer
	b.WriteString(`<` + r.op + `Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>` + requestID() + `</requestId>`)
	if m, ok := out.(map[string]any); ok {
		ec2Style.writeXMLFields(&b, m, def.out)
	}
	b.WriteString(`</` + r.op + `Response>`)
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	_, _ = w.Write(b.Bytes())
}

func (ec2Protocol) writeError(w http.ResponseWriter, _ *request, e *apiError) {
	var b bytes.Buffer
	b.WriteString(`<Response><Errors><Error><Code>`)
	xmlText(&b, e.code)
	b.WriteString(`</Code><Message>`)
	xmlText(&b, e.message)
	b.WriteString(`</Message></Error></Errors><RequestID>` + requestID() + `</RequestID></Response>`)
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	w.WriteHeader(e.status)
	_, _ = w.Write(b.Bytes())
}

// restXMLProtocol is REST-XML (S3, Route 53). A handler's output is either
// rawBody (written as is) or a map written as <OpResponse>.
type restXMLProtocol struct{}

// rawBody is a REST response body the handler has already rendered.
type rawBody struct {
	contentType string
	body        []byte
}

func (restXMLProtocol) write(w http.ResponseWriter, r *request, def opDef, out any) {
	if raw, ok := out.(rawBody); ok {
		w.Header().Set("Content-Type", raw.contentType)
		_, _ = w.Write(raw.body)
		return
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<` + r.op + `Response xmlns="https://route53.amazonaws.com/doc/2013-04-01/">`)
	if m, ok := out.(map[string]any); ok {
		restXMLStyle.writeXMLFields(&b, m, def.out)
	}
	b.WriteString(`</` + r.op + `Response>`)
	w.Header().Set("Content-Type", "text/xml")
	_, _ = w.Write(b.Bytes())
}

// writeError writes S3's <Error> or Route 53's <ErrorResponse><Error>.
func (restXMLProtocol) writeError(w http.ResponseWriter, r *request, e *apiError) {
	var b bytes.Buffer
	if r.service == "s3" {
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<Error><Code>`)
		xmlText(&b, e.code)
		b.WriteString(`</Code><Message>`)
		xmlText(&b, e.message)
		b.WriteString(`</Message><RequestId>` + requestID() + `</RequestId></Error>`)
	} else {
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>`)
		xmlText(&b, e.code)
		b.WriteString(`</Code><Message>`)
		xmlText(&b, e.message)
		b.WriteString(`</Message></Error><RequestId>` + requestID() + `</RequestId></ErrorResponse>`)
	}
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("X-Amz-Request-Id", requestID())
	w.WriteHeader(e.status)
	_, _ = w.Write(b.Bytes())
}
