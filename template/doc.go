// Package template resolves conformance-pack templates: it parses a
// CloudFormation-style template (YAML or JSON), applies the
// ConformancePackInputParameters, evaluates conditions and intrinsic
// functions and returns the Config rules and remediation configurations
// to create. It is pure: no I/O, no network, no clock.
//
//	pack, err := template.Resolve(template.Input{
//		Body:       body,
//		Parameters: map[string]string{"MaxAge": "60"},
//		AccountID:  "123456789012",
//		Region:     "eu-west-1",
//	})
//	var verr *template.ValidationError
//	if errors.As(err, &verr) { /* verr.Problems: every mistake, with its path */ }
//
// Resolve reports every problem of a template at once, in one
// *ValidationError sorted by path, e.g. "Template validation failed with 2
// errors: Parameters.Flag: ...; Resources.Rule.Properties.Source.Owner: ...".
//
// The sections below record the decisions taken where AWS's behaviour is
// unknown, or where conforms departs from it on purpose.
//
// # Parsing
//
//   - A body whose first character is "{" is read as JSON, keeping key order
//     and the text of numbers; when it is not valid JSON it is read as YAML.
//     Everything else is YAML (gopkg.in/yaml.v3): one document, CRLF and a
//     UTF-8 BOM accepted, anchors and aliases followed, merge keys (<<)
//     refused. Duplicate keys are refused in both.
//   - Short-form tags are rewritten into their long form: !Ref into Ref,
//     !Condition into Condition, any other !X into Fn::X; "!GetAtt a.b" is
//     split at the first dot (attributes such as Compliance.Type keep theirs).
//     Since a YAML node has one tag, "!Base64 !Sub x" is invalid, as in
//     CloudFormation.
//   - Plain scalars follow YAML 1.2 (yaml.v3's resolver) except for
//     booleans, where CloudFormation's parser follows YAML 1.1: unquoted
//     yes/no/on/off (any of the three usual casings) are booleans like
//     true/True/TRUE, as observed on AWS (aws/aws-cli#5257,
//     ASFHyP3/hyp3#2061). "y" and "n" stay strings.
//
// # Values
//
//   - A scalar reaches a string property (and InputParameters) as text:
//     booleans as "true" or "false", numbers and strings exactly as written
//     (90 → "90", 0x1F → "0x1F", 007 → "007", 1e3 → "1e3", .5 → ".5").
//     Whether CloudFormation canonicalises numbers (octal, hexadecimal,
//     floats) is UNKNOWN; keeping the source text is what a rule author
//     sees. Integer properties accept decimal (leading zeros allowed) and
//     0x/0o/0b numbers, and strings holding them; boolean properties accept
//     true/false in any case, as booleans or strings.
//   - InputParameters is a mapping, or a string holding a JSON object. A
//     list of scalars is joined with commas and no spaces (the CSV form
//     managed rules take; the corpus has none); a null or a nested mapping is
//     a problem. Its JSON encoding must fit PutConfigRule's 1,024 bytes. A
//     mapping emptied by AWS::NoValue stays an empty, non-nil map (the
//     deployer sends "{}"); an absent property is a nil map.
//   - AWS::NoValue removes the key, the list element or the whole property
//     (Properties included) that holds it.
//
// # Sections
//
//   - Accepted: AWSTemplateFormatVersion ("2010-09-09" only), Description
//     (≤1,024 bytes, returned as Pack.Description), Metadata and Outputs
//     (ignored, not evaluated), Parameters, Mappings, Conditions, Resources.
//     Transform, Rules and Hooks are refused as unsupported; any other
//     section is refused as unknown.
//   - Resources is required and must hold at least one resource; a template
//     whose rules are all switched off by conditions is valid and creates
//     no rules (the corpus's NZISM-Extension pack does that by default).
//   - Logical IDs of parameters, conditions, mappings and resources must be
//     alphanumeric, and a parameter and a resource cannot share one.
//
// # Parameters
//
//   - Types: String, Number, List<Number>, CommaDelimitedList,
//     AWS::SSM::Parameter::Name, AWS-specific types (AWS::EC2::VPC::Id and
//     List<...> of them, accepted without checking the resources exist), and
//     the custom-pack types of AWS Config's guide: int, double, boolean
//     (true/false, any case), CSV and StringMap (both plain strings, not
//     split). AWS::SSM::Parameter::Value<...> is refused: there is no SSM.
//     Ref to a parameter gives a string; to a list type, a list split at
//     commas with each element trimmed.
//   - An input parameter overrides the Default (the empty string is a
//     value). A parameter with neither is a problem. An input parameter the
//     template does not declare is a problem naming it (AWS: UNKNOWN;
//     CloudFormation refuses it, and a typo would otherwise go unnoticed).
//     More than Limits.MaxInputParameters inputs is a problem.
//   - Constraints (AllowedValues, AllowedPattern, MinLength, MaxLength,
//     MinValue, MaxValue) are checked on the value used, each element for
//     list types; a Default that an input overrides is not checked.
//     AllowedPattern must match the whole value and uses Go's RE2 syntax
//     (Java-only constructs such as look-ahead are reported as invalid).
//     ConstraintDescription, when given, replaces the generated message.
//
// # Conditions and intrinsic functions
//
//   - Every condition is evaluated once, in a pass of its own (whatever the
//     section order), unused ones included; circular references are
//     problems. Fn::Equals compares values as text. In Conditions, Ref to a
//     resource, Fn::If and Fn::GetAtt are problems; outside Conditions,
//     Fn::Equals, Fn::Not, Fn::And and Fn::Or are problems.
//   - Resolved: Ref, Fn::If, Fn::Sub (both forms; ${Param}, ${AWS::X},
//     ${Resource}, ${!Literal}; an unclosed "${" is kept as text), Fn::Join,
//     Fn::Select, Fn::Split, Fn::FindInMap (three arguments), Fn::Base64.
//   - Fn::GetAtt (and ${Resource.Attribute}) is checked — the resource must
//     exist and the attribute be one of a ConfigRule's Arn, ConfigRuleId,
//     Compliance.Type — and then refused: those values exist only after
//     deployment, and a placeholder would silently reach rule parameters.
//   - Fn::ImportValue is refused: AWS supports it when the export exists in
//     every member account, but conforms has no CloudFormation exports.
//     Fn::GetAZs, Fn::Cidr, Fn::Length, Fn::ToJsonString, Fn::Transform,
//     Fn::ForEach and the Rules functions are refused as unsupported.
//   - Fn::If evaluates both branches; the one not taken leniently, so that
//     mistakes in the template (an unknown parameter, function or condition)
//     are reported but not failures of values it will not use (a resource not
//     created, Fn::GetAtt, an index out of range, a mapping key not found).
//   - Pseudo parameters: AWS::AccountId, AWS::Region and AWS::StackName come
//     from Input; referring to one that is empty is a problem (outside a
//     branch not taken). AWS::Partition defaults to "aws"; AWS::URLSuffix is
//     "amazonaws.com" ("amazonaws.com.cn" in aws-cn partitions);
//     AWS::NotificationARNs is an empty list; AWS::StackId is refused.
//
// # Resources
//
//   - Only AWS::Config::ConfigRule and AWS::Config::RemediationConfiguration;
//     other types are problems naming the type. Attributes: Type, Properties,
//     Condition, DependsOn, Controls (carried into Rule.Controls: at most 20
//     strings of 1 to 128 characters, the limits of
//     DescribeConformancePackCompliance), Description (found in AWS's
//     sample packs; ignored), Metadata and the CloudFormation policies
//     (ignored). Other attributes are problems.
//   - A resource whose Condition is false is dropped. Its properties are
//     still evaluated leniently (references and functions must exist) but not
//     checked against the resource schema.
//   - DependsOn is a logical ID or a list of them; each must name a resource
//     of the template, not the resource itself, without cycles. Targets that
//     are not created are left out of Rule.DependsOn / Remediation.DependsOn.
//   - Ref to a ConfigRule is its ConfigRuleName. Ref to a remediation is
//     refused (its id exists only after deployment); Ref to a resource that
//     is not created is refused outside a branch not taken; circular
//     references between resources are problems.
//   - A rule without ConfigRuleName is named after its LogicalID.
//     CloudFormation would generate "<stack>-<LogicalID>-<random>"; the
//     logical ID keeps names stable and readable, and the deployer appends
//     the pack's suffix to every rule name anyway.
//   - Properties are checked against the CloudFormation schema (unknown
//     properties, required ones, types; ConfigRule's Compliance is accepted
//     and ignored) and against the API's constraints (lengths, enums,
//     ranges), so that a deployment does not fail half-way. Source: Owner
//     and, unless CUSTOM_POLICY, SourceIdentifier are required;
//     CustomPolicyDetails is required for CUSTOM_POLICY and refused
//     otherwise. Scope: TagKey excludes ComplianceResourceTypes, TagValue
//     needs TagKey, ComplianceResourceId needs exactly one resource type; an
//     empty ComplianceResourceTypes means no type filter (nil).
//     Remediation: ConfigRuleName, TargetId and TargetType are required.
//
// # The pack as a whole
//
//   - More rules than Limits.MaxRules (counted after conditions;
//     remediations do not count — AWS: UNKNOWN) is a problem worded like
//     AWS's "Number of resources provided in the template exceeds the allowed
//     limit of 130".
//   - Two rules with one ConfigRuleName are a problem. A remediation must
//     name a rule the template creates, and a rule may have one remediation.
//   - Limits: a zero field takes its default (DefaultLimits: the 51,200-byte
//     TemplateBody limit, 130 rules, 60 input parameters); a negative field
//     turns the check off. A caller that read the template from TemplateS3Uri
//     sets MaxBodyBytes to MaxTemplateS3Bytes.
//   - Guards against hostile input, each a problem rather than a crash or a
//     hang: nesting deeper than 64 levels, more than 1,048,576 values (YAML
//     aliases expanded), more than 4,194,304 evaluation steps, more than
//     8 MiB of text built by Fn::Sub/Join/Base64, references nested deeper
//     than 2,048. A panic of the YAML parser becomes a problem.
package template
